namespace GitOpsFleet.Reconciler.Service;

internal enum StateKind { Sqlite, Postgres }

/// <summary>Where the service keeps its state: `sqlite:PATH` or `postgres:CONNECTION_STRING`.</summary>
internal sealed record StateLocation(StateKind Kind, string Target)
{
    public static bool TryRead(string? text, string defaultSqlitePath, out StateLocation location, out string? problem)
    {
        problem = null;
        location = new StateLocation(StateKind.Sqlite, defaultSqlitePath);
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (text.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = text["sqlite:".Length..];
            if (path.Length == 0)
            {
                problem = "state 'sqlite:' needs a file path (sqlite:/var/lib/gitopsfleet/state.db)";
                return false;
            }
            location = new StateLocation(StateKind.Sqlite, Path.GetFullPath(path));
            return true;
        }
        if (text.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var cs = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..];
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(cs);
            }
            catch (ArgumentException ex)
            {
                // The message names the bad keyword, never the value (which may be a password).
                problem = $"state 'postgres:' has an invalid connection string: {ex.Message}";
                return false;
            }
            if (cs.Length == 0)
            {
                problem = "state 'postgres:' needs a connection string (postgres:Host=db;Username=gitopsfleet;Password=...)";
                return false;
            }
            location = new StateLocation(StateKind.Postgres, cs);
            return true;
        }
        problem = "state must be sqlite:PATH or postgres:CONNECTION_STRING";
        return false;
    }

    /// <summary>For logs and the dashboard: never the connection string, which may hold a password.</summary>
    public string Describe() => Kind == StateKind.Sqlite ? $"sqlite:{Target}" : $"postgres:{Redacted()}";

    private string Redacted()
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(Target);
        return $"Host={b.Host};Port={b.Port};Database={b.Database}";
    }
}
