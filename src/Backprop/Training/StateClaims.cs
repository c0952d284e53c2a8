using System.Numerics;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// A call's hold on the objects it keeps state in (see <see cref="ExclusiveUse"/>): a Fit's loss, optimizer and metrics
/// for its whole run, an Evaluate's metrics; taken all or none, released on dispose.
/// </summary>
internal sealed class StateClaims : IDisposable
{
    private readonly List<ExclusiveUse> _taken = [];

    private StateClaims()
    {
    }

    /// <summary>Takes the loss, the optimizer and every metric for the current thread's Fit.</summary>
    /// <exception cref="InvalidOperationException">One of them is in use by a Fit on another thread (nothing is kept then).</exception>
    public static StateClaims Take<T>(Loss<T> loss, Optimizer<T> optimizer, IReadOnlyList<Metric> metrics)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var claims = new StateClaims();
        try
        {
            claims.Add(loss.Use, $"The loss {loss.Name}");
            claims.Add(optimizer.Use, $"The optimizer {optimizer.GetType().Name.Split('`')[0]}");
            foreach (var metric in metrics)
            {
                claims.Add(metric.Use, $"The metric '{metric.Name}'");
            }

            return claims;
        }
        catch
        {
            claims.Dispose();
            throw;
        }
    }

    /// <summary>Takes every metric for the current thread's Evaluate (a no-op for those its own Fit already holds).</summary>
    /// <exception cref="InvalidOperationException">A metric is in use by a Fit or Evaluate on another thread (nothing is kept then).</exception>
    public static StateClaims TakeMetrics(IReadOnlyList<Metric> metrics)
    {
        var claims = new StateClaims();
        try
        {
            foreach (var metric in metrics)
            {
                claims.Add(metric.Use, $"The metric '{metric.Name}'", "another Evaluate call");
            }

            return claims;
        }
        catch
        {
            claims.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var owner in _taken)
        {
            owner.Release();
        }

        _taken.Clear();
    }

    private void Add(ExclusiveUse owner, string what, string call = "a Fit")
    {
        if (owner.Take(what, call))
        {
            _taken.Add(owner);
        }
    }
}
