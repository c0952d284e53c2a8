namespace Backprop.Training;

/// <summary>An opaque copy of a model's parameter values (see <see cref="ITrainableModel.CaptureWeights"/>).</summary>
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
