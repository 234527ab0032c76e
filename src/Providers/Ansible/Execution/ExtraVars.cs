using System.Text.Json;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// The extra variables a playbook receives, as a JSON document passed with <c>-e @file</c> (never a
/// shell string, so no quoting can change them): the pool's <c>ansible.vars</c> at top level, then
/// the pool's spec under fixed names, which win over a var of the same name. Spec values are data:
/// they are marked unsafe (Ansible's <c>__ansible_unsafe</c> JSON form) so a "{{" in a label or
/// version is never run as a template on the controller. <c>ansible.vars</c> are Ansible variables
/// and may use Jinja on purpose, so they are passed as written.
/// </summary>
internal static class ExtraVars
{
    public const string StateVariable = "gitopsfleet_state";
    public const string StateDirectoryVariable = "gitopsfleet_state_dir";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "fleet", "pool", "software", "machine", "labels", "gitopsfleet_commit", "gitopsfleet_group", StateVariable, StateDirectoryVariable,
    };

    public static byte[] Build(FleetScope fleet, PoolSpec pool, bool present, string stateDirectory)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            if (pool.Ansible?.Vars is { ValueKind: JsonValueKind.Object } vars)
            {
                foreach (var property in vars.EnumerateObject())
                {
                    if (Reserved.Contains(property.Name)) continue;
                    property.WriteTo(json);
                }
            }
            WriteData(json, "fleet", fleet.Fleet);
            WriteData(json, "pool", pool.Name);
            json.WritePropertyName("software");
            WriteSoftware(json, pool.Software);
            json.WriteStartObject("machine");
            WriteNullable(json, "size", pool.Machine.Size);
            WriteNullable(json, "image", pool.Machine.Image);
            json.WriteEndObject();
            json.WriteStartObject("labels");
            foreach (var (key, value) in pool.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)) WriteData(json, key, value);
            json.WriteEndObject();
            WriteData(json, "gitopsfleet_commit", fleet.Commit);
            if (pool.Ansible is { } ansible) WriteData(json, "gitopsfleet_group", ansible.Group);
            WriteData(json, StateVariable, present ? "present" : "absent");
            WriteData(json, StateDirectoryVariable, stateDirectory);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Extra vars that make Ansible read the become password from the environment, so the file never holds it.</summary>
    public static byte[] BecomePasswordReference(string variable)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ansible_become_password", "{{ lookup('ansible.builtin.env', '" + variable + "') }}");
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteSoftware(Utf8JsonWriter json, SoftwareSpec software)
    {
        json.WriteStartObject();
        WriteData(json, "name", software.Name);
        WriteData(json, "version", software.Version);
        if (software.Consensus is { } consensus)
        {
            json.WritePropertyName("consensus");
            WriteSoftware(json, consensus);
        }
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else WriteData(json, name, value);
    }

    /// <summary>A string Ansible must take literally: its JSON loader turns this object into an unsafe string.</summary>
    private static void WriteData(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject(name);
        json.WriteString("__ansible_unsafe", value);
        json.WriteEndObject();
    }
}
