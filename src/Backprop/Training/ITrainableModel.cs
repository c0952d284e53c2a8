namespace Backprop.Training;

/// <summary>What callbacks see of the model being trained, whatever its element type.</summary>
/// <remarks>Thread safety: <see cref="CaptureWeights"/> only reads the weights; <see cref="RestoreWeights"/> writes them
/// and is for one training loop at a time (see <c>Sequential&lt;T&gt;</c>'s remarks for the whole contract).</remarks>
public interface ITrainableModel
{
    /// <summary>Total number of parameter elements.</summary>
    long ParameterCount { get; }

    /// <summary>Copies every parameter's current value.</summary>
    /// <returns>A snapshot that <see cref="RestoreWeights"/> can put back.</returns>
    WeightsSnapshot CaptureWeights();

    /// <summary>Puts back values captured by <see cref="CaptureWeights"/> on this model.</summary>
    /// <param name="snapshot">The snapshot.</param>
    void RestoreWeights(WeightsSnapshot snapshot);
}
