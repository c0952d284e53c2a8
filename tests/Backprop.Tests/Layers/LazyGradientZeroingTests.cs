using Backprop.Activations;
using Backprop.Kernels;
using Backprop.Layers;
using Backprop.Models;
using Backprop.Optimizers;

namespace Backprop.Tests.Layers;

/// <summary>
/// <see cref="Parameter{T}.ZeroGradient"/> is lazy: the storage keeps its old values until the gradient is read or a
/// backward pass overwrites it. These tests fill that storage with NaN before zeroing, so any path that still reads it
/// (a GEMM that adds to C, a missing clear) shows up as NaN.
/// </summary>
public class LazyGradientZeroingTests
{
    [Fact]
    public void A_zeroed_gradient_reads_as_zeros_whatever_its_storage_held()
    {
        var p = new Parameter<double>("w", ParameterRole.Kernel, 2, 3);
        var stale = p.Gradient;
        stale.Span.Fill(double.NaN);

        p.ZeroGradient();

        p.Gradient.Span.ToArray().Should().AllBeEquivalentTo(0.0);
        p.Gradient.Should().BeSameAs(stale, "zeroing keeps the storage (nothing is allocated per step)");
    }

    // Shapes for both GEMM paths of the weight-gradient product: a small one (the unpacked path) and an MLP-sized one.
    [Theory]
    [InlineData(5, 4, 3, true)]
    [InlineData(128, 784, 64, true)]
    [InlineData(128, 784, 64, false)]
    [InlineData(7, 300, 40, true)]
    public void Backward_after_a_lazy_zero_gives_the_bits_of_a_backward_into_cleared_gradients(int batch, int inputs, int units, bool smallPath)
    {
        var x = TestData.Random(batch, inputs, seed: 1);
        var dy = TestData.Random(batch, units, seed: 2);
        var reference = Model(inputs, units);
        var lazy = Model(inputs, units);
        bool previous = Gemm.SmallPathEnabled;
        Gemm.SmallPathEnabled = smallPath;
        try
        {
            foreach (var p in reference.Parameters)
            {
                p.Gradient.Clear();
            }

            foreach (var p in lazy.Parameters)
            {
                p.Gradient.Span.Fill(double.NaN);
                p.ZeroGradient();
            }

            reference.Forward(x, training: true);
            reference.BackwardParametersOnly(dy);
            lazy.Forward(x, training: true);
            lazy.BackwardParametersOnly(dy);
        }
        finally
        {
            Gemm.SmallPathEnabled = previous;
        }

        for (int i = 0; i < reference.Parameters.Count; i++)
        {
            lazy.Parameters[i].Gradient.Span.ToArray().Should().Equal(reference.Parameters[i].Gradient.Span.ToArray(), lazy.Parameters[i].Name);
        }
    }

    [Fact]
    public void Two_backward_passes_without_a_step_still_add_up()
    {
        var x = TestData.Random(6, 4, seed: 3);
        var dy = TestData.Random(6, 3, seed: 4);
        var model = Model(4, 3);
        model.ZeroGradients();
        model.Forward(x, training: true);
        model.BackwardParametersOnly(dy);
        double[] once = model.Parameters[0].Gradient.Span.ToArray();

        model.Forward(x, training: true);
        model.BackwardParametersOnly(dy);

        model.Parameters[0].Gradient.Span.ToArray().Should().Equal(once.Select(g => g + g), "gradients accumulate until zeroed");
    }

    [Fact]
    public void After_an_optimizer_step_the_gradient_reads_as_zeros_and_the_next_step_uses_only_the_new_gradient()
    {
        var x = TestData.Random(8, 4, seed: 5);
        var dy = TestData.Random(8, 3, seed: 6);
        var stepped = Model(4, 3);
        var optimizer = new Sgd<double>(0.1);
        stepped.Forward(x, training: true);
        stepped.BackwardParametersOnly(dy);
        optimizer.Step(stepped.Parameters);

        stepped.Parameters.Should().AllSatisfy(p => p.Gradient.Span.ToArray().Should().AllBeEquivalentTo(0.0));

        // After the second step nothing reads the gradients: their storage still holds that step's values when the next
        // backward runs, which must give the new batch's gradient alone, as in a model with cleared gradients.
        stepped.Forward(x, training: true);
        stepped.BackwardParametersOnly(dy);
        optimizer.Step(stepped.Parameters);
        var again = Model(4, 3);
        for (int i = 0; i < again.Parameters.Count; i++)
        {
            stepped.Parameters[i].Value.Span.CopyTo(again.Parameters[i].Value.Span);
        }

        stepped.Forward(x, training: true);
        stepped.BackwardParametersOnly(dy);
        again.Forward(x, training: true);
        again.BackwardParametersOnly(dy);

        for (int i = 0; i < again.Parameters.Count; i++)
        {
            stepped.Parameters[i].Gradient.Span.ToArray().Should().Equal(again.Parameters[i].Gradient.Span.ToArray());
        }
    }

    private static Sequential<double> Model(int inputs, int units)
    {
        var model = new Sequential<double>(new Dense<double>(units, Activation.ReLU));
        model.Build(inputs, seed: 7);
        return model;
    }
}

/// <summary>The all-reduce sums the gradient arena as a whole, so a lazily zeroed gradient must be cleared before it.</summary>
public class GradientReducerLazyZeroTests
{
    [Fact]
    public void A_gradient_no_backward_reached_since_its_zeroing_is_summed_as_zeros()
    {
        var reached = new Parameter<double>("reached", ParameterRole.Kernel, 1, 2);
        var unreached = new Parameter<double>("unreached", ParameterRole.Kernel, 1, 3);
        var reducer = new Backprop.Training.GradientReducer<double>(new OneRank(), [reached, unreached]);
        unreached.Gradient.Span.Fill(double.NaN);
        unreached.ZeroGradient();
        reached.Gradient.Span.Fill(2.0);

        reducer.Reduce(rows: 4, globalRows: 4, dataLoss: 1.0, penalty: 0.0);

        reached.Gradient.Span.ToArray().Should().Equal(2.0, 2.0);
        unreached.Gradient.Span.ToArray().Should().Equal(0.0, 0.0, 0.0);
    }

    private sealed class OneRank : Backprop.Training.ICollective
    {
        public int Rank => 0;

        public int Size => 1;

        public void AllReduceSum(Span<float> values)
        {
        }

        public void AllReduceSum(Span<double> values)
        {
            foreach (double v in values)
            {
                double.IsNaN(v).Should().BeFalse("the arena reaches the collective without stale values");
            }
        }

        public void Broadcast(Span<byte> data)
        {
        }

        public void Abort(Exception error)
        {
        }
    }
}
