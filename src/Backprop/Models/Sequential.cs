using System.Globalization;
using System.Numerics;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Optimizers;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Models;

/// <summary>
/// A stack of layers applied in order. Train it with <see cref="Fit(Dataset{T}, Loss{T}, Optimizer{T}, FitOptions{T})"/>
/// (Keras style), or by hand: <c>Forward</c> → loss <c>Forward</c> → <c>Backward(loss.Backward())</c> →
/// <c>optimizer.Step(model.Parameters)</c> (PyTorch style).
/// </summary>
/// <remarks>
/// <para>Thread safety: once trained (or loaded), one model may serve many threads at once.
/// <see cref="Predict(Tensor2D{T}, int)"/> in every form (batched, into a caller's buffer, a single row,
/// <see cref="PredictClasses"/>, the array forms), <see cref="Evaluate"/> and <c>Save(path)</c>
/// only read the weights: each call rents its buffers from a pool the model owns, and the results are bit-identical
/// to single-threaded calls. They allocate nothing beyond what they return once the pool is warm
/// (<see cref="Predict(ReadOnlySpan{T}, Span{T})"/> allocates nothing at all). Layers that do not override
/// <see cref="Layer{T}.Infer"/> (custom layers) are run under a lock, one call at a time.</para>
/// <para><see cref="Fit"/>, <see cref="PredictMonteCarlo"/> and <c>GradientCheck</c> change the model and need it to
/// themselves: calling one while any other of these calls is running on the model on another thread, or calling
/// Predict, Evaluate or Save while one of them is, throws an <see cref="InvalidOperationException"/> naming both calls
/// (nothing waits). The thread running <c>Fit</c> may itself call anything (a callback that evaluates or saves).</para>
/// <para>Everything else — <see cref="Build"/>, <see cref="Add"/>, the hand-written loop (<see cref="Forward"/>,
/// <see cref="Backward"/>, <see cref="BackwardParametersOnly"/>, <c>optimizer.Step</c>), <see cref="ZeroGradients"/>,
/// <see cref="RestoreWeights"/> and writes to a layer's or parameter's properties — is single-threaded by contract and
/// unchecked (checking would cost the training step): run it while no other call is inside the model.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> (fast default) or <see cref="double"/>.</typeparam>
public sealed partial class Sequential<T> : ITrainableModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly List<Layer<T>> _layers = [];
    private readonly List<Parameter<T>> _parameters = [];
    private readonly ModelUsage _usage = new();
    private readonly InferenceRunner<T> _inference;

    /// <summary>Creates a model from layers; the input size is inferred at first use.</summary>
    /// <param name="layers">The layers, first to last.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    public Sequential(params Layer<T>[] layers)
    {
        Numeric<T>.EnsureSupported();
        ArgumentNullException.ThrowIfNull(layers);
        _inference = new InferenceRunner<T>(_layers);
        foreach (var layer in layers)
        {
            Add(layer);
        }
    }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<Layer<T>> Layers => _layers;

    /// <summary>All parameters of all layers, in layer order (available once built).</summary>
    public IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <summary>True once every layer knows its input size.</summary>
    public bool IsBuilt { get; private set; }

    /// <summary>Features per input sample (valid once built).</summary>
    public int InputFeatures => IsBuilt ? _layers[0].InputFeatures : throw NotBuilt();

    /// <summary>Features per output sample (valid once built).</summary>
    public int OutputFeatures => IsBuilt ? _layers[^1].OutputFeatures : throw NotBuilt();

    /// <inheritdoc/>
    public long ParameterCount => _parameters.Sum(p => (long)p.Length);

    /// <summary>Appends a layer (before the model is built). A layer belongs to one model only.</summary>
    /// <param name="layer">The layer.</param>
    /// <exception cref="InvalidOperationException">The model is already built.</exception>
    /// <exception cref="ArgumentException">The layer is already in this model or belongs to another one.</exception>
    public void Add(Layer<T> layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (IsBuilt)
        {
            throw new InvalidOperationException("Layers cannot be added after the model is built.");
        }

        if (_layers.Contains(layer))
        {
            throw new ArgumentException($"Layer '{layer.Name}' is already in the model.", nameof(layer));
        }

        if (layer.Owner is not null)
        {
            throw new ArgumentException(
                $"Layer '{layer.Name}' already belongs to another model; a layer holds its weights, so two models would silently share them. Create a new layer instance for each model.",
                nameof(layer));
        }

        if (_layers.Exists(l => l.Name == layer.Name))
        {
            // Parameter names ("dense_1/kernel") must be unique in a model: take the first free suffix.
            string baseName = layer.Name;
            int suffix = 1;
            while (_layers.Exists(l => l.Name == string.Create(CultureInfo.InvariantCulture, $"{baseName}_{suffix}")))
            {
                suffix++;
            }

            layer.Name = string.Create(CultureInfo.InvariantCulture, $"{baseName}_{suffix}");
        }

        layer.Owner = this;
        _layers.Add(layer);
    }

    /// <summary>Builds every layer for <paramref name="inputFeatures"/> inputs, initialising weights from <paramref name="seed"/>.</summary>
    /// <param name="inputFeatures">Features per input sample.</param>
    /// <param name="seed">Seed; layer i uses a seed derived from (seed, i).</param>
    /// <exception cref="InvalidOperationException">The model has no layers.</exception>
    /// <exception cref="ArgumentException">The model is already built for another input width.</exception>
    public void Build(int inputFeatures, int seed = 0)
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("The model has no layers.");
        }

        if (IsBuilt)
        {
            if (inputFeatures != InputFeatures)
            {
                throw new ArgumentException(
                    $"The model was built for {InputFeatures} input features but is given data with {inputFeatures}.", nameof(inputFeatures));
            }

            return;
        }

        int features = inputFeatures;
        for (int i = 0; i < _layers.Count; i++)
        {
            _layers[i].Build(features, Seeds.Layer(seed, i));
            features = _layers[i].OutputFeatures;
            foreach (var p in _layers[i].Parameters)
            {
                if (!p.Name.Contains('/', StringComparison.Ordinal))
                {
                    p.Name = _layers[i].Name + "/" + p.Name;
                }

                _parameters.Add(p);
            }
        }

        IsBuilt = true;
    }

    /// <summary>Runs the layers in order.</summary>
    /// <param name="input">Input batch <c>[batch, features]</c>.</param>
    /// <param name="training">True during training (dropout etc. active).</param>
    /// <returns>The output batch, owned by the last layer: copy it to keep it past the next call.</returns>
    /// <exception cref="ArgumentException">The input width differs from the one the model was built for.</exception>
    public Tensor2D<T> Forward(Tensor2D<T> input, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!IsBuilt)
        {
            Build(input.Columns);
        }

        var x = input;
        foreach (var layer in _layers)
        {
            x = layer.Forward(x, training);
        }

        return x;
    }

    /// <summary>Back-propagates ∂L/∂output through all layers, accumulating parameter gradients.</summary>
    /// <param name="outputGradient">∂L/∂output, e.g. <c>loss.Backward()</c>.</param>
    /// <returns>∂L/∂input.</returns>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public Tensor2D<T> Backward(Tensor2D<T> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var g = outputGradient;
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>
    /// Like <see cref="Backward"/>, for loops that discard ∂L/∂input (as <c>Fit</c> does): every layer accumulates its
    /// parameter gradients, and the first one is asked not to compute ∂L/∂input
    /// (<see cref="Layer{T}.BackwardParametersOnly"/>) — for a first <see cref="Dense{T}"/> layer that is a quarter
    /// of an MLP's backward work saved.
    /// </summary>
    /// <param name="outputGradient">∂L/∂output, e.g. <c>loss.Backward()</c>.</param>
    /// <exception cref="InvalidOperationException">Called before <see cref="Forward"/>.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the last output's.</exception>
    public void BackwardParametersOnly(Tensor2D<T> outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        var g = outputGradient;
        for (int i = _layers.Count - 1; i > 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        _layers[0].BackwardParametersOnly(g);
    }

    /// <summary>
    /// The model's coupled regularization penalty: every layer's <see cref="Layer{T}.RegularizationPenalty"/>
    /// (parameter penalties on the current weights plus activity penalties of the last training forward pass).
    /// In a hand-written loop the training objective is <c>loss.Forward(...) + model.RegularizationPenalty()</c>;
    /// <see cref="Backward"/> already adds the penalty gradients.
    /// </summary>
    /// <returns>The penalty (0 without regularizers).</returns>
    public double RegularizationPenalty()
    {
        double total = 0;
        foreach (var layer in _layers)
        {
            total += layer.RegularizationPenalty();
        }

        return total;
    }

    /// <summary>Sets every parameter gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (var p in _parameters)
        {
            p.ZeroGradient();
        }
    }

    /// <summary>Trains the model (Keras <c>fit</c>); see <see cref="Trainer"/> for the loop.</summary>
    /// <param name="data">Training data.</param>
    /// <param name="loss">The loss to minimise.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="options">Epochs, batch size, validation, callbacks, …</param>
    /// <returns>Per-epoch logs, the stop reason, and the metrics that were computed.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// Epochs or batch size below 1, a validation split outside [0, 1), or a class label outside [0, outputs) or not an integer.
    /// </exception>
    /// <exception cref="ArgumentException">
    /// Feature or target widths that do not fit the model, both validation data and a split, or a split that leaves a part
    /// empty; or a last layer ending in a softmax (sigmoid) with a cross-entropy told <c>fromLogits: true</c>.
    /// </exception>
    /// <exception cref="InvalidOperationException">Another call (Predict, Evaluate, Save, Fit, …) is running on this model on another thread.</exception>
    public History Fit(Dataset<T> data, Loss<T> loss, Optimizer<T> optimizer, FitOptions<T> options)
    {
        using var call = _usage.EnterExclusive(ModelCall.Fit);
        ArgumentNullException.ThrowIfNull(loss);
        OutputLossCheck.Check(_layers, loss);
        return Trainer.Fit(this, data, loss, optimizer, options);
    }

    /// <inheritdoc/>
    public WeightsSnapshot CaptureWeights()
    {
        var values = new Array[_parameters.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = _parameters[i].Value.Span.ToArray();
        }

        return new WeightsSnapshot(this, values);
    }

    /// <inheritdoc/>
    public void RestoreWeights(WeightsSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!ReferenceEquals(snapshot.Owner, this) || snapshot.Values.Length != _parameters.Count)
        {
            throw new ArgumentException("The snapshot was captured from another model.", nameof(snapshot));
        }

        for (int i = 0; i < snapshot.Values.Length; i++)
        {
            ((T[])snapshot.Values[i]).CopyTo(_parameters[i].Value.Span);
        }
    }

    /// <summary>
    /// The model as Keras's <c>model.summary()</c> shows it: one row per layer — name (type), output shape
    /// <c>(None, features)</c> with <c>None</c> for the batch, parameter count — then the total, trainable and
    /// non-trainable parameters (frozen ones and running statistics such as BatchNormalization's moving mean and
    /// variance) with their size in memory. Before the model is built, shapes read "?" and counts "0 (unbuilt)".
    /// </summary>
    /// <returns>The summary text (lines end with '\n'; print it with <c>Console.WriteLine</c>).</returns>
    public string Summary() => ModelSummary.Write(_layers);

    /// <summary>Enters a call that changes the model (for the conveniences in this folder, e.g. GradientCheck).</summary>
    internal ModelUsage.Scope EnterExclusive(ModelCall call) => _usage.EnterExclusive(call);

    /// <summary>Enters a call that only reads the weights (see <see cref="ModelUsage"/>).</summary>
    internal ModelUsage.Scope EnterShared(ModelCall call) => _usage.EnterShared(call);

    /// <summary>Throws naming <paramref name="what"/> when the model is not built (its weights would be random).</summary>
    internal void EnsureBuilt(string what)
    {
        if (!IsBuilt)
        {
            throw new InvalidOperationException($"The model is not built, so its weights would be random and it cannot be {what}: train it (Fit), load it (Sequential.Load) or call Build(inputFeatures) first.");
        }
    }

    private static InvalidOperationException NotBuilt() => new("The model is not built yet: call Build or pass data through it first.");
}
