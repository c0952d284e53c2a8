namespace Backprop.Data;

/// <summary>What one CSV read produced: the feature matrix and either class labels or target columns, with their names.</summary>
internal sealed class CsvData<T>(Tensor2D<T> features, string[] featureNames)
    where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
{
    public Tensor2D<T> Features { get; } = features;

    public string[] FeatureNames { get; } = featureNames;

    /// <summary>The regression targets <c>[N, targets]</c>, or null when a label column (or nothing) was read.</summary>
    public Tensor2D<T>? Targets { get; init; }

    public string[]? TargetNames { get; init; }

    /// <summary>The class index of each row, or null when no label column was read.</summary>
    public int[]? Labels { get; init; }

    /// <summary>Class index → label text, or null when no label column was read.</summary>
    public string[]? ClassNames { get; init; }
}
