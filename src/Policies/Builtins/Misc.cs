using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>opa.runtime, trace, test.sleep, http.send (network off by default) and rego.parse_module.</summary>
internal static class Misc
{
    private static readonly HashSet<string> HttpKeys = new(StringComparer.Ordinal)
    {
        "method", "url", "body", "enable_redirect", "force_json_decode", "force_yaml_decode", "headers", "raw_body",
        "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable", "tls_client_cert",
        "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key", "tls_client_key_file",
        "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name", "timeout", "cache", "force_cache",
        "force_cache_duration_seconds", "raise_error", "caching_mode", "max_retry_attempts", "cache_ignored_headers",
    };

    internal static void Register(BuiltinRegistry.Builder b)
    {
        b.Add("opa.runtime", [], RegoType.AnyObject, (ctx, _) => ctx.Runtime);
        b.Add("trace", [RegoType.String], RegoType.Boolean, (_, a) =>
        {
            Args.String(a, 0);
            return Value.True;
        });
        b.Add("test.sleep", [RegoType.String], RegoType.Null, (ctx, a) =>
        {
            Args.String(a, 0);
            return Value.Null;
        });
        b.AddNondeterministic("http.send", [RegoType.AnyObject], RegoType.AnyObject, (ctx, a) =>
        {
            var req = Args.Object(a, 0);
            var invalid = new List<string>();
            foreach (var k in req.Keys)
            {
                if (k is not StringValue ks || !HttpKeys.Contains(ks.Value))
                {
                    invalid.Add(k is StringValue s ? s.Value : k.ToString());
                }
            }

            if (invalid.Count > 0)
            {
                throw BuiltinException.Type("invalid request parameters(s): {" + string.Join(", ", invalid.Select(x => "\"" + x + "\"")) + "}");
            }

            var missing = new List<string>();
            foreach (var required in new[] { "method", "url" })
            {
                if (req.Get(required) is null)
                {
                    missing.Add(required);
                }
            }

            if (missing.Count > 0)
            {
                throw BuiltinException.Type("missing required request parameters(s): {" + string.Join(", ", missing.Select(x => "\"" + x + "\"")) + "}");
            }

            throw new BuiltinException(BuiltinException.BuiltinErrorCode, "network access is disabled in the embedded policy engine (mock it with `with http.send as ...`)") { Halts = true };
        });
        b.Add("rego.parse_module", [RegoType.String, RegoType.String], RegoType.AnyObject, (_, a) =>
        {
            var file = Args.String(a, 0);
            var text = Args.String(a, 1);
            try
            {
                var m = Syntax.Parser.ParseModule(text, file);
                return ModuleJson(m);
            }
            catch (Syntax.RegoSyntaxException e)
            {
                throw new BuiltinException(BuiltinException.BuiltinErrorCode, $"{e.Location.File}:{e.Location.Line}: rego_parse_error: {e.Message}", prefixed: false);
            }
        });
    }

    private static Value ModuleJson(Ast.Module m)
    {
        var path = new List<Value> { Term("var", new StringValue("data")) };
        foreach (var p in m.Package)
        {
            path.Add(Term("string", new StringValue(p)));
        }

        var pkg = new ObjectBuilder();
        pkg.Set("path", new ArrayValue(path.ToArray()));
        var rules = new List<Value>();
        foreach (var r in m.Rules)
        {
            var rb = new ObjectBuilder();
            var head = new ObjectBuilder();
            head.Set("name", new StringValue(r.Name));
            rb.Set("head", head.Build());
            rules.Add(rb.Build());
        }

        var o = new ObjectBuilder();
        o.Set("package", pkg.Build());
        if (rules.Count > 0)
        {
            o.Set("rules", new ArrayValue(rules.ToArray()));
        }

        return o.Build();
    }

    private static Value Term(string type, Value value)
    {
        var b = new ObjectBuilder();
        b.Set("type", new StringValue(type));
        b.Set("value", value);
        return b.Build();
    }
}
