namespace Backprop.Training;

/// <summary>What callbacks see of the model being trained, whatever its element type.</summary>
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
