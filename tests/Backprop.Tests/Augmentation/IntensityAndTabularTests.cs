using Backprop.Augmentation;

namespace Backprop.Tests.Augmentation;

public class IntensityAndTabularTests
{
    private static readonly SampleShape Four = SampleShape.Image(4, 4);

    [Fact]
    public void Brightness_adds_one_offset_within_range_and_clamps()
    {
        var image = Enumerable.Range(0, 16).Select(i => i / 15.0).ToArray();
        var brighter = Images.Apply(new RandomBrightness<double>(0.2), image, Four, key: 3);
        double delta = brighter[0] - image[0];

        Math.Abs(delta).Should().BeLessThanOrEqualTo(0.2).And.BeGreaterThan(0);
        brighter.Zip(image, (a, b) => a - b).Should().AllSatisfy(d => d.Should().BeApproximately(delta, 1e-12));
        Images.Apply(new RandomBrightness<double>(5, clamp: (0, 1)), image, Four).Should().AllSatisfy(v => v.Should().BeInRange(0, 1));
    }

    [Fact]
    public void Contrast_keeps_the_mean_and_scales_the_spread()
    {
        var image = Enumerable.Range(0, 16).Select(i => (double)i).ToArray();
        var changed = Images.Apply(new RandomContrast<double>(0.5, 0.5), image, Four);

        changed.Average().Should().BeApproximately(image.Average(), 1e-12);
        (changed.Max() - changed.Min()).Should().BeApproximately(7.5, 1e-12);
    }

    [Fact]
    public void Gaussian_noise_has_the_requested_spread()
    {
        var shape = SampleShape.Tabular(20_000);
        var noisy = Images.Apply(new GaussianNoise<double>(0.5), new double[shape.Length], shape);
        double mean = noisy.Average();
        double std = Math.Sqrt(noisy.Select(v => (v - mean) * (v - mean)).Average());

        mean.Should().BeApproximately(0, 0.02);
        std.Should().BeApproximately(0.5, 0.02);
    }

    [Fact]
    public void Probability_zero_never_changes_a_sample()
    {
        var image = Images.Counting(Four);
        Images.Apply(new GaussianNoise<double>(1, probability: 0), image, Four).Should().Equal(image);
    }

    [Fact]
    public void Feature_noise_is_scaled_by_each_feature_spread_from_training_data()
    {
        // Feature 0 is constant, feature 1 has std 1, feature 2 has std 100.
        var train = new Tensor2D<double>(4, 3);
        double[] f1 = [-1, 1, -1, 1], f2 = [-100, 100, -100, 100];
        for (int i = 0; i < 4; i++)
        {
            (train[i, 0], train[i, 1], train[i, 2]) = (5, f1[i], f2[i]);
        }

        var noise = new FeatureNoise<double>(0.1);
        noise.Prepare(SampleShape.Tabular(3), train);
        noise.FeatureStandardDeviations.Should().Equal(0, 1, 100);
        var deltas = new List<double[]>();
        for (ulong k = 0; k < 2000; k++)
        {
            var row = new double[3];
            var random = new CounterRandom(k);
            noise.Apply(row, SampleShape.Tabular(3), ref random);
            deltas.Add(row);
        }

        deltas.Should().AllSatisfy(r => r[0].Should().Be(0));
        Std(deltas.Select(r => r[1])).Should().BeApproximately(0.1, 0.01);
        Std(deltas.Select(r => r[2])).Should().BeApproximately(10, 1);
    }

    [Fact]
    public void Feature_noise_without_training_data_fails_clearly()
    {
        var act = () => Images.Apply(new FeatureNoise<double>(0.1), new double[3], SampleShape.Tabular(3));
        act.Should().Throw<InvalidOperationException>().WithMessage("*training data*");
    }

    [Fact]
    public void Feature_dropout_drops_about_the_requested_fraction()
    {
        var shape = SampleShape.Tabular(10_000);
        var row = Images.Apply(new FeatureDropout<double>(0.3), Enumerable.Repeat(1.0, shape.Length).ToArray(), shape);
        (row.Count(v => v == 0) / (double)shape.Length).Should().BeApproximately(0.3, 0.02);
    }

    [Fact]
    public void Swap_noise_only_takes_values_seen_in_the_same_column()
    {
        var train = Tensor2D<double>.FromArray(new double[,] { { 1, 10 }, { 2, 20 }, { 3, 30 } });
        var swap = new SwapNoise<double>(1.0);
        swap.Prepare(SampleShape.Tabular(2), train);
        for (ulong k = 0; k < 50; k++)
        {
            double[] row = [-1, -1];
            var random = new CounterRandom(k);
            swap.Apply(row, SampleShape.Tabular(2), ref random);
            row[0].Should().BeOneOf(1, 2, 3);
            row[1].Should().BeOneOf(10, 20, 30);
        }
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Bad_probabilities_are_rejected_with_the_value(double p)
    {
        var act = () => new GaussianNoise<float>(0.1, probability: p);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*[0, 1]*{p}*");
    }

    [Fact]
    public void Bad_ranges_are_rejected()
    {
        ((Action)(() => _ = new RandomZoom<float>(1.2, 0.8))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*min ≤ max*");
        ((Action)(() => _ = new RandomErasing<float>(minArea: 0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => _ = new RandomTranslation<float>(-1, 0))).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*maxShiftX*");
        ((Action)(() => _ = new RandomFlip<float>(false, false))).Should().Throw<ArgumentException>();
        ((Action)(() => _ = new MixUp<float>(alpha: 0))).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static double Std(IEnumerable<double> values)
    {
        var v = values.ToArray();
        double mean = v.Average();
        return Math.Sqrt(v.Select(x => (x - mean) * (x - mean)).Average());
    }
}
