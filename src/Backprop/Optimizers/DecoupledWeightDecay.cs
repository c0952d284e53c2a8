using System.Globalization;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Decoupled weight decay (Loshchilov &amp; Hutter, "AdamW"/"SGDW"): before the optimizer's update rule, every
/// selected parameter is shrunk by <c>w ← w − lr·wd·w</c>. Unlike a coupled <c>Regularization.L2</c> penalty this never
/// enters the loss, the gradient or the adaptive moments, and is not reported in the loss ledger.
/// </summary>
/// <remarks>
/// <para>Which parameters decay: by default kernels and <see cref="ParameterRole.Other"/> parameters; biases and
/// normalization scales/shifts are <b>excluded</b> (decaying them hurts and has no regularizing purpose). Include
/// more roles with <see cref="IncludingRoles"/>, single parameters with <see cref="IncludingNames"/> and remove
/// parameters with <see cref="ExcludingNames"/> (exclusion wins). Names are the qualified parameter names such as
/// <c>"dense_1/bias"</c>; a pattern may use <c>*</c> as a wildcard (<c>"dense_1/*"</c>, <c>"*/bias"</c>).
/// Frozen parameters (<c>Trainable = false</c>) never decay.</para>
/// <para>Instances are immutable; the <c>With…</c>/<c>Including…</c> methods return new policies.
/// Example: <c>optimizer.Decay = new DecoupledWeightDecay(0.01).IncludingNames("output/bias");</c></para>
/// <para>Thread safety: immutable: the <c>Including…</c>/<c>Excluding…</c> methods return new policies, so one instance
/// may be shared by optimizers and threads.</para>
/// </remarks>
public sealed class DecoupledWeightDecay
{
    private static readonly ParameterRole[] DefaultRoles = [ParameterRole.Kernel, ParameterRole.Other];
    private readonly HashSet<ParameterRole> _roles;
    private readonly string[] _included;
    private readonly string[] _excluded;

    /// <summary>Creates a policy decaying kernels and "other" parameters (biases and normalization excluded).</summary>
    /// <param name="rate">The decay rate wd (finite, ≥ 0; 0 disables decay).</param>
    public DecoupledWeightDecay(double rate)
        : this(rate, DefaultRoles, [], [])
    {
    }

    private DecoupledWeightDecay(double rate, IEnumerable<ParameterRole> roles, string[] included, string[] excluded)
    {
        Guard.NonNegative(rate, nameof(rate));

        Rate = rate;
        _roles = [.. roles];
        _included = included;
        _excluded = excluded;
    }

    /// <summary>A policy that decays nothing (rate 0).</summary>
    public static DecoupledWeightDecay None { get; } = new(0);

    /// <summary>The decay rate wd.</summary>
    public double Rate { get; }

    /// <summary>The parameter roles that decay.</summary>
    public IReadOnlySet<ParameterRole> Roles => _roles;

    /// <summary>Name patterns that decay whatever their role.</summary>
    public IReadOnlyList<string> IncludedNames => _included;

    /// <summary>Name patterns that never decay (wins over roles and included names).</summary>
    public IReadOnlyList<string> ExcludedNames => _excluded;

    /// <summary>The same policy with another rate.</summary>
    /// <param name="rate">The new rate (finite, ≥ 0).</param>
    /// <returns>A new policy.</returns>
    public DecoupledWeightDecay WithRate(double rate) => new(rate, _roles, _included, _excluded);

    /// <summary>The same policy, decaying exactly the given roles.</summary>
    /// <param name="roles">The roles that decay.</param>
    /// <returns>A new policy.</returns>
    public DecoupledWeightDecay WithRoles(params ParameterRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return new(Rate, roles, _included, _excluded);
    }

    /// <summary>The same policy, also decaying the given roles (e.g. <see cref="ParameterRole.Bias"/>).</summary>
    /// <param name="roles">Roles to add.</param>
    /// <returns>A new policy.</returns>
    public DecoupledWeightDecay IncludingRoles(params ParameterRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(roles);
        return new(Rate, _roles.Concat(roles), _included, _excluded);
    }

    /// <summary>The same policy, also decaying parameters whose qualified name matches one of the patterns.</summary>
    /// <param name="patterns">Names such as <c>"dense_1/bias"</c>, <c>*</c> as a wildcard.</param>
    /// <returns>A new policy.</returns>
    public DecoupledWeightDecay IncludingNames(params string[] patterns) => new(Rate, _roles, [.. _included, .. CheckPatterns(patterns)], _excluded);

    /// <summary>The same policy, never decaying parameters whose qualified name matches one of the patterns.</summary>
    /// <param name="patterns">Names such as <c>"dense_1/kernel"</c>, <c>*</c> as a wildcard.</param>
    /// <returns>A new policy.</returns>
    public DecoupledWeightDecay ExcludingNames(params string[] patterns) => new(Rate, _roles, _included, [.. _excluded, .. CheckPatterns(patterns)]);

    /// <summary>True when a parameter with this name and role decays under this policy (ignoring the rate).</summary>
    /// <param name="name">The parameter's qualified name.</param>
    /// <param name="role">Its role.</param>
    /// <returns>Whether it decays.</returns>
    public bool AppliesTo(string name, ParameterRole role)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var p in _excluded)
        {
            if (Matches(p, name))
            {
                return false;
            }
        }

        if (_roles.Contains(role))
        {
            return true;
        }

        foreach (var p in _included)
        {
            if (Matches(p, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"decoupled_weight_decay({Rate}; roles: {string.Join(", ", _roles)}")
           + (_included.Length > 0 ? $"; +{string.Join(", ", _included)}" : string.Empty)
           + (_excluded.Length > 0 ? $"; -{string.Join(", ", _excluded)}" : string.Empty) + ")";

    /// <summary>Glob match where <c>*</c> matches any run of characters (ordinal, case-sensitive).</summary>
    internal static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int star = pattern.IndexOf('*');
        if (star < 0)
        {
            return pattern.SequenceEqual(text);
        }

        if (!text.StartsWith(pattern[..star], StringComparison.Ordinal))
        {
            return false;
        }

        var rest = pattern[(star + 1)..];
        for (int i = star; i <= text.Length; i++)
        {
            if (Matches(rest, text[i..]))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] CheckPatterns(string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var p in patterns)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(p, nameof(patterns));
        }

        return patterns;
    }
}
