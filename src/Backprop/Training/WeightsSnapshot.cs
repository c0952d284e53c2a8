namespace Backprop.Training;

/// <summary>An opaque copy of a model's parameter values (see <see cref="ITrainableModel.CaptureWeights"/>).</summary>
/// <remarks>Thread safety: an opaque copy that never changes; safe to share (restoring it writes the weights, which is
/// for one training loop at a time).</remarks>
public sealed class WeightsSnapshot
{
    internal WeightsSnapshot(object owner, Array[] values)
    {
        Owner = owner;
        Values = values;
    }

    internal object Owner { get; }

    internal Array[] Values { get; }
}
