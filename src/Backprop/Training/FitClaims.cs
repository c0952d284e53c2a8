using System.Numerics;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// A Fit's hold on its loss, optimizer and metrics for its whole run (see <see cref="FitOwner"/>): taken all or none,
/// released on dispose.
/// </summary>
internal sealed class FitClaims : IDisposable
{
    private readonly List<FitOwner> _taken = [];

    private FitClaims()
    {
    }

    /// <summary>Takes the loss, the optimizer and every metric for the current thread's Fit.</summary>
    /// <exception cref="InvalidOperationException">One of them is in use by a Fit on another thread (nothing is kept then).</exception>
    public static FitClaims Take<T>(Loss<T> loss, Optimizer<T> optimizer, IReadOnlyList<Metric> metrics)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var claims = new FitClaims();
        try
        {
            claims.Add(loss.FitOwner, $"The loss {loss.Name}");
            claims.Add(optimizer.FitOwner, $"The optimizer {optimizer.GetType().Name.Split('`')[0]}");
            foreach (var metric in metrics)
            {
                claims.Add(metric.FitOwner, $"The metric '{metric.Name}'");
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

    private void Add(FitOwner owner, string what)
    {
        if (owner.Take(what))
        {
            _taken.Add(owner);
        }
    }
}
