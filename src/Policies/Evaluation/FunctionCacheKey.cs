using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>Memoisation key of a user function call: rule set and argument values.</summary>
internal readonly struct FunctionCacheKey(int ruleSet, Value[] args) : IEquatable<FunctionCacheKey>
{
    private readonly int _ruleSet = ruleSet;
    private readonly Value[] _args = args;

    public bool Equals(FunctionCacheKey other)
    {
        if (_ruleSet != other._ruleSet || _args.Length != other._args.Length)
        {
            return false;
        }

        for (var i = 0; i < _args.Length; i++)
        {
            if (!_args[i].Equals(other._args[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is FunctionCacheKey k && Equals(k);

    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(_ruleSet);
        foreach (var a in _args)
        {
            h.Add(a.GetHashCode());
        }

        return h.ToHashCode();
    }
}
