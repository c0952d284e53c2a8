using Backprop.Augmentation;

namespace Backprop.Tests.Augmentation;

public class BatchTransformTests
{
    private static (Tensor2D<double> X, Tensor2D<double> Y) Batch(int rows, SampleShape shape, int classes)
    {
        var x = new Tensor2D<double>(rows, shape.Length);
        var y = new Tensor2D<double>(rows, classes);
        for (int r = 0; r < rows; r++)
        {
            x.Row(r).Fill(r + 1);
            y[r, r % classes] = 1;
        }

        return (x, y);
    }

    [Fact]
    public void MixUp_targets_sum_to_one_and_features_mix_with_the_same_weight()
    {
        var shape = SampleShape.Tabular(3);
        var (x, y) = Batch(8, shape, 4);
        var original = x.Clone();
        var originalY = y.Clone();
        var random = new CounterRandom(11);

        new MixUp<double>(alpha: 1.0).Apply(x, y, shape, ref random);

        var lambdas = new List<double>();
        for (int r = 0; r < 8; r++)
        {
            y.Row(r).ToArray().Sum().Should().BeApproximately(1, 1e-12);

            // Row r must be λ·own + (1−λ)·partner, with the same λ and partner explaining features and targets.
            bool explained = x[r, 0] == original[r, 0] && y.Row(r).ToArray().SequenceEqual(originalY.Row(r).ToArray());
            for (int p = 0; p < 8 && !explained; p++)
            {
                if (p == r)
                {
                    continue;
                }

                double lambda = (x[r, 0] - original[p, 0]) / (original[r, 0] - original[p, 0]);
                bool targetsMatch = Enumerable.Range(0, 4).All(k => Math.Abs(y[r, k] - ((lambda * originalY[r, k]) + ((1 - lambda) * originalY[p, k]))) < 1e-9);
                if (lambda is >= 0 and <= 1 && targetsMatch && x.Row(r).ToArray().All(v => Math.Abs(v - x[r, 0]) < 1e-12))
                {
                    explained = true;
                    lambdas.Add(lambda);
                }
            }

            explained.Should().BeTrue($"row {r} should be λ·own + (1−λ)·partner for features and targets alike");
        }

        lambdas.Should().NotBeEmpty();
        lambdas.Should().AllSatisfy(l => l.Should().BeApproximately(lambdas[0], 1e-9), "one λ is drawn per batch");
    }

    [Fact]
    public void CutMix_pastes_a_rectangle_and_weights_targets_by_its_area()
    {
        var shape = SampleShape.Image(6, 6);
        var (x, y) = Batch(6, shape, 6);
        var random = new CounterRandom(5);

        new CutMix<double>(alpha: 1.0).Apply(x, y, shape, ref random);

        for (int r = 0; r < 6; r++)
        {
            var row = x.Row(r).ToArray();
            double foreign = row.Count(v => v != r + 1) / 36.0;
            y.Row(r).ToArray().Sum().Should().BeApproximately(1, 1e-12);
            if (foreign > 0)
            {
                y[r, r].Should().BeApproximately(1 - foreign, 1e-12);
            }
        }
    }

    [Fact]
    public void A_batch_of_one_row_is_left_alone()
    {
        var shape = SampleShape.Tabular(2);
        var (x, y) = Batch(1, shape, 2);
        var random = new CounterRandom(1);
        new MixUp<double>().Apply(x, y, shape, ref random);
        x.Row(0).ToArray().Should().Equal(1, 1);
    }
}
