using System.Numerics;
using System.Text.Json.Nodes;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Optimizers;
using Backprop.Serialization;

namespace Backprop.Training;

/// <summary>
/// The training checkpoint of one <c>Fit</c>: a model file (architecture, weights, checksum; atomic) whose extra tensors
/// hold the optimizer's state (<c>optimizer:layer/parameter:slot</c>) and the weights callbacks keep
/// (<c>callback:EarlyStopping#0:best_weights:layer/parameter</c>), and whose <c>checkpoint</c> metadata (JSON) holds the epoch to
/// resume at, facts about the Fit that a resume must share (seed, batch size, shuffling, training rows and a hash of
/// the training data), the optimizer's type, step count and learning rate, the noise layers' steps, the history so
/// far, a pending stop and each callback's <see cref="CallbackState"/>. Shuffling and augmentation need no state:
/// they are functions of (seed, epoch, sample).
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class FitSession<T>(
    ITrainableModel<T> model, Optimizer<T> optimizer, FitOptions<T> options, Dataset<T> train, TrainingContext context)
    : FitSession
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Version = 1;
    private string? _dataHash;

    /// <inheritdoc/>
    public override void SaveModel(string path, bool weightsOnly, ModelRegistry registry)
        => AtomicFile.Write(path, stream =>
        {
            if (weightsOnly)
            {
                WeightsFile.Write(stream, model.Layers);
            }
            else
            {
                ModelFile.Write(stream, model.Layers, model.InputFeatures, registry);
            }
        });

    /// <inheritdoc/>
    public override void SaveCheckpoint(string path, ModelRegistry registry, int nextEpoch)
    {
        var tensors = new List<NamedTensor<T>>();
        var state = new JsonObject
        {
            ["version"] = Version,
            ["epoch"] = nextEpoch,
            ["fit"] = FitFacts(),
            ["optimizer"] = WriteOptimizer(tensors),
            ["noise_steps"] = WriteNoiseSteps(),
            ["history"] = HistoryJson.Write(context.History),
            ["stop_reason"] = context.RequestedStopReason?.ToString(),
            ["callbacks"] = WriteCallbacks(tensors),
        };
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [ModelFile.CheckpointKey] = state.ToJsonString() };
        AtomicFile.Write(path, stream => ModelFile.Write(stream, model.Layers, model.InputFeatures, registry, tensors, metadata));
    }

    /// <inheritdoc/>
    public override int Restore(string path, ModelRegistry registry)
    {
        LoadedModel<T> loaded;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            loaded = ModelFile.Read<T>(stream, new ModelLoadOptions { Registry = registry }, allowExtraTensors: true);
        }
        catch (InvalidDataException e)
        {
            throw Refused(path, e.Message, e);
        }

        try
        {
            return Apply(loaded, registry);
        }
        catch (InvalidDataException e)
        {
            throw Refused(path, e.Message, e);
        }
    }

    private int Apply(LoadedModel<T> loaded, ModelRegistry registry)
    {
        if (!loaded.Metadata.TryGetValue(ModelFile.CheckpointKey, out string? json))
        {
            throw new InvalidDataException("it is a model file, not a training checkpoint (it holds no training state)");
        }

        CheckArchitecture(loaded.Metadata[ModelFile.ArchitectureKey], registry);
        var state = CheckpointJson.Parse(json, "training state");
        int version = CheckpointJson.ReadInt32(state["version"], "version");
        if (version != Version)
        {
            throw new InvalidDataException($"its training state has version {version}; this Backprop reads version {Version}");
        }

        CheckFitFacts(CheckpointJson.ReadObject(state["fit"], "fit"));
        int epoch = CheckpointJson.ReadInt32(state["epoch"], "epoch");
        if (epoch < 0)
        {
            throw CheckpointJson.Bad("epoch", "a non-negative integer");
        }

        // Read everything before changing anything, so that a bad checkpoint leaves the model as it was.
        var used = new HashSet<string>(StringComparer.Ordinal);
        var (iterations, learningRate, slots) = ReadOptimizer(CheckpointJson.ReadObject(state["optimizer"], "optimizer"), loaded.ExtraTensors, used);
        var steps = ReadNoiseSteps(CheckpointJson.ReadObject(state["noise_steps"], "noise_steps"));
        var (epochs, nonFinite) = HistoryJson.Read(CheckpointJson.ReadObject(state["history"], "history"));
        StopReason? stop = HistoryJson.ReadStopReason(state["stop_reason"]);
        var callbackStates = ReadCallbacks(CheckpointJson.ReadObject(state["callbacks"], "callbacks"), loaded.ExtraTensors, used);
        var unused = loaded.ExtraTensors.Keys.FirstOrDefault(k => !used.Contains(k));
        if (unused is not null)
        {
            throw new InvalidDataException($"tensor '{unused}' belongs to no parameter, optimizer slot or callback of this Fit");
        }

        var targets = model.Parameters;
        var sources = loaded.Layers.SelectMany(l => l.Parameters).ToList();
        for (int i = 0; i < targets.Count; i++)
        {
            sources[i].Value.Span.CopyTo(targets[i].Value.Span);
        }

        foreach (var (noisy, step) in steps)
        {
            noisy.Step = step;
        }

        optimizer.RestoreState(iterations, learningRate, slots);
        context.History.Restore(epochs, nonFinite);
        if (stop is StopReason reason)
        {
            context.StopTraining(reason);
        }

        foreach (var (key, callback) in Keyed(options.Callbacks))
        {
            if (callbackStates.TryGetValue(key, out var callbackState))
            {
                callback.LoadState(callbackState, context);
            }
        }

        return epoch;
    }

    private JsonObject FitFacts() => new()
    {
        ["seed"] = options.Seed,
        ["batch_size"] = options.BatchSize,
        ["shuffle"] = options.Shuffle,
        ["training_rows"] = train.Count,
        ["training_data"] = _dataHash ??= DataHash(),
    };

    private void CheckFitFacts(JsonObject saved)
    {
        var current = FitFacts();
        foreach (var (key, value) in current)
        {
            string now = value!.ToJsonString();
            string then = saved[key]?.ToJsonString() ?? "nothing";
            if (now != then)
            {
                string what = key switch
                {
                    "training_data" => "training data (the rows after any validation split, their targets and sample weights hash differently)",
                    "training_rows" => "number of training rows (after any validation split)",
                    _ => key.Replace('_', ' '),
                };
                throw new InvalidDataException($"it was written by a Fit with another {what}: {then} in the checkpoint, {now} now");
            }
        }
    }

    /// <summary>XxHash3 over the training features, targets and sample weights (their shapes and bits).</summary>
    private string DataHash()
    {
        var hash = new System.IO.Hashing.XxHash3();
        foreach (var t in new[] { train.Features, train.Targets, train.SampleWeights })
        {
            if (t is null)
            {
                continue;
            }

            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes<int>([t.Rows, t.Columns]));
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(t.Span));
        }

        return "xxh3:" + Convert.ToHexStringLower(hash.GetCurrentHash());
    }

    private void CheckArchitecture(string saved, ModelRegistry registry)
    {
        string current = Architecture.Write(model.Layers, model.InputFeatures, registry, []);
        if (string.Equals(saved, current, StringComparison.Ordinal))
        {
            return;
        }

        var then = CheckpointJson.Parse(saved, "architecture");
        var now = CheckpointJson.Parse(current, "architecture");
        string detail = CheckpointJson.FirstDifference(then, now, "") ?? "the architectures differ";
        throw new InvalidDataException($"it was written for another architecture: {detail}");
    }

    private JsonObject WriteOptimizer(List<NamedTensor<T>> tensors)
    {
        foreach (var (name, p) in NamedParameters())
        {
            if (optimizer.StateOrNull(p) is { } slots)
            {
                for (int s = 0; s < slots.Length; s++)
                {
                    tensors.Add(new NamedTensor<T>($"optimizer:{name}:{s}", [p.Value.Rows, p.Value.Columns], slots[s]));
                }
            }
        }

        return new JsonObject
        {
            ["type"] = OptimizerType,
            ["state_slots"] = optimizer.StateSlotCount,
            ["iterations"] = optimizer.Iterations,
            ["learning_rate"] = CheckpointJson.Number(optimizer.LearningRate),
        };
    }

    private (long Iterations, double LearningRate, List<KeyValuePair<Parameter<T>, T[][]>> Slots) ReadOptimizer(
        JsonObject saved, Dictionary<string, NamedTensor<T>> extras, HashSet<string> used)
    {
        string type = CheckpointJson.ReadString(saved["type"], "optimizer type");
        if (type != OptimizerType)
        {
            throw new InvalidDataException($"it was written with the optimizer {type}, and this Fit uses {OptimizerType}");
        }

        int slotCount = CheckpointJson.ReadInt32(saved["state_slots"], "optimizer state_slots");
        if (slotCount != optimizer.StateSlotCount)
        {
            throw new InvalidDataException(
                $"its {type} keeps {slotCount} state buffers per parameter and this one keeps {optimizer.StateSlotCount} (an option such as AMSGrad or momentum differs)");
        }

        long iterations = CheckpointJson.ReadInt64(saved["iterations"], "optimizer iterations");
        double lr = CheckpointJson.ReadDouble(saved["learning_rate"], "optimizer learning_rate");
        if (iterations < 0 || !double.IsFinite(lr) || lr < 0)
        {
            throw CheckpointJson.Bad("optimizer iterations and learning rate", "a step count ≥ 0 and a finite rate ≥ 0");
        }

        var slots = new List<KeyValuePair<Parameter<T>, T[][]>>();
        foreach (var (name, p) in NamedParameters())
        {
            var found = new T[slotCount][];
            int present = 0;
            for (int s = 0; s < slotCount; s++)
            {
                string key = $"optimizer:{name}:{s}";
                if (extras.TryGetValue(key, out var tensor))
                {
                    found[s] = ExactShape(tensor, p);
                    used.Add(key);
                    present++;
                }
            }

            if (present == slotCount && slotCount > 0)
            {
                slots.Add(new(p, found));
            }
            else if (present != 0)
            {
                throw new InvalidDataException($"it holds {present} of the {slotCount} optimizer state buffers of '{name}'");
            }
        }

        return (iterations, lr, slots);
    }

    private JsonObject WriteNoiseSteps()
    {
        var steps = new JsonObject();
        foreach (var layer in model.Layers)
        {
            if (layer is StochasticLayer<T> noisy)
            {
                steps[layer.Name] = noisy.Step;
            }
        }

        return steps;
    }

    private List<(StochasticLayer<T> Layer, long Step)> ReadNoiseSteps(JsonObject saved)
    {
        var steps = new List<(StochasticLayer<T>, long)>();
        foreach (var layer in model.Layers)
        {
            if (layer is StochasticLayer<T> noisy)
            {
                steps.Add((noisy, saved.TryGetPropertyValue(layer.Name, out var node)
                    ? CheckpointJson.ReadInt64(node, $"noise step of '{layer.Name}'")
                    : throw new InvalidDataException($"it has no noise step for layer '{layer.Name}'")));
            }
        }

        return steps;
    }

    private JsonObject WriteCallbacks(List<NamedTensor<T>> tensors)
    {
        var all = new JsonObject();
        foreach (var (key, callback) in Keyed(options.Callbacks))
        {
            var state = new CallbackState(key);
            callback.SaveState(state);
            var weights = new JsonObject();
            foreach (var (name, snapshot) in state.Weights)
            {
                weights[name] = snapshot is not null;
                if (snapshot is null)
                {
                    continue;
                }

                if (!ReferenceEquals(snapshot.Owner, model) || snapshot.Values.Length != model.Parameters.Count)
                {
                    throw new InvalidOperationException($"Callback {key} saved weights '{name}' that were not captured from the model being trained.");
                }

                int i = 0;
                foreach (var (tensorName, p) in NamedParameters())
                {
                    tensors.Add(new NamedTensor<T>($"callback:{key}:{name}:{tensorName}", [p.Value.Rows, p.Value.Columns], (T[])snapshot.Values[i++]));
                }
            }

            all[key] = new JsonObject { ["values"] = state.Values.DeepClone(), ["weights"] = weights };
        }

        return all;
    }

    private Dictionary<string, CallbackState> ReadCallbacks(JsonObject saved, Dictionary<string, NamedTensor<T>> extras, HashSet<string> used)
    {
        var states = new Dictionary<string, CallbackState>(StringComparer.Ordinal);
        foreach (var (key, node) in saved)
        {
            var entry = CheckpointJson.ReadObject(node, $"state of callback {key}");
            var values = CheckpointJson.ReadObject(entry["values"], $"values of callback {key}");
            var weights = new Dictionary<string, WeightsSnapshot?>(StringComparer.Ordinal);
            foreach (var (name, present) in CheckpointJson.ReadObject(entry["weights"], $"weights of callback {key}"))
            {
                if (!CheckpointJson.ReadBoolean(present, $"weights '{name}' of callback {key}"))
                {
                    weights[name] = null;
                    continue;
                }

                var arrays = new List<Array>();
                foreach (var (tensorName, p) in NamedParameters())
                {
                    string tensorKey = $"callback:{key}:{name}:{tensorName}";
                    arrays.Add(extras.TryGetValue(tensorKey, out var tensor)
                        ? ExactShape(tensor, p)
                        : throw new InvalidDataException($"callback {key}'s weights '{name}' lack tensor '{tensorKey}'"));
                    used.Add(tensorKey);
                }

                weights[name] = new WeightsSnapshot(model, [.. arrays]);
            }

            states[key] = new CallbackState(key, (JsonObject)values.DeepClone(), weights);
        }

        // Tensors of callbacks that are not in this Fit are dropped with their state.
        foreach (var k in extras.Keys.Where(k => k.StartsWith("callback:", StringComparison.Ordinal)))
        {
            used.Add(k);
        }

        return states;
    }

    private static T[] ExactShape(NamedTensor<T> tensor, Parameter<T> p)
        => tensor.Shape is [var rows, var columns] && rows == p.Value.Rows && columns == p.Value.Columns
            ? tensor.Data.ToArray()
            : throw new InvalidDataException($"tensor '{tensor.Name}' has shape [{string.Join(", ", tensor.Shape)}] but parameter '{p.Name}' is [{p.Value.Rows}, {p.Value.Columns}]");

    private IEnumerable<(string Name, Parameter<T> Parameter)> NamedParameters()
    {
        foreach (var layer in model.Layers)
        {
            foreach (var p in layer.Parameters)
            {
                yield return (Architecture.TensorName(layer, p), p);
            }
        }
    }

    private string OptimizerType
    {
        get
        {
            var type = optimizer.GetType();
            return $"{type.Namespace}.{type.Name.Split('`')[0]}";
        }
    }

    /// <summary>Each callback with a key that survives changes elsewhere in the list: its type name and its rank among callbacks of that type.</summary>
    internal static IEnumerable<(string Key, Callback Callback)> Keyed(IReadOnlyList<Callback> callbacks)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var callback in callbacks)
        {
            string name = callback.GetType().Name.Split('`')[0];
            int n = counts.GetValueOrDefault(name);
            counts[name] = n + 1;
            yield return ($"{name}#{n}", callback);
        }
    }

    private static InvalidDataException Refused(string path, string problem, Exception inner)
        => new($"Cannot resume training from the checkpoint '{path}': {problem.TrimEnd('.')}. Delete it (or the backup folder) to start training afresh.", inner);
}
