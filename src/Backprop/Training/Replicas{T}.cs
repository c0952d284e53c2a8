using System.Globalization;
using System.IO.Hashing;
using System.Numerics;
using System.Runtime.InteropServices;
using Backprop.Data;
using Backprop.Layers;
using Backprop.Losses;
using Backprop.Metrics;
using Backprop.Optimizers;

namespace Backprop.Training;

/// <summary>
/// Keeps the model copies of data-parallel <c>Fit</c> identical. Each rank trains its <see cref="Shard"/> of every
/// global batch; one <see cref="ICollective.AllReduceSum(Span{float})"/> per step adds the ranks' gradients, each scaled
/// by its share of the batch's rows, so every rank applies the same optimizer step. Rank 0 runs the callbacks and
/// writes files; its decisions (stop, learning rate) and the state it starts from (initial or restored weights,
/// optimizer state, noise steps) are broadcast; a checksum of the weights is compared after every epoch.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed partial class Replicas<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ICollective _collective;
    private readonly ITrainableModel<T> _model;
    private readonly Optimizer<T> _optimizer;
    private readonly GradientReducer<T> _reducer;
    private readonly StochasticLayer<T>[] _noisy;
    private readonly byte[] _decision = new byte[16];

    public Replicas(ICollective collective, ITrainableModel<T> model, Optimizer<T> optimizer)
    {
        _collective = collective;
        _model = model;
        _optimizer = optimizer;
        _reducer = new GradientReducer<T>(collective, model.Parameters);
        _noisy = [.. model.Layers.OfType<StochasticLayer<T>>()];
    }

    /// <summary>True on rank 0, the rank that runs callbacks, reports progress and writes files.</summary>
    public bool IsRoot => _collective.Rank == 0;

    /// <summary>This rank's part of every batch.</summary>
    public Shard Shard => new(_collective.Rank, _collective.Size);

    /// <summary>True when rank 0 decides after every batch (batch hooks or a cancellable token), not only per epoch.</summary>
    public bool AgreeEachBatch { get; private set; }

    /// <summary>
    /// Refuses a Fit that cannot run data-parallel, and one whose ranks disagree on the data, the options or the model
    /// (each rank must run the same program on the same data): compares a hash of them across ranks.
    /// </summary>
    public void CheckSameFit(Dataset<T> train, FitOptions<T> options, IReadOnlyList<Metric> metrics, Loss<T> loss)
    {
        int size = _collective.Size;
        if (Math.Min(options.BatchSize, train.Count) < size)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), $"'BatchSize' must be at least the number of ranks ({size}) so that every rank has rows to train on; got {Math.Min(options.BatchSize, train.Count)}.");
        }

        if (!_optimizer.ZeroGradientsAfterStep)
        {
            throw new InvalidOperationException("Data-parallel Fit needs the optimizer's ZeroGradientsAfterStep on: the ranks' gradients are summed afresh every step.");
        }

        foreach (var m in metrics.Where(m => m.StateLength == 0))
        {
            throw new InvalidOperationException(
                $"The metric '{m.Name}' ({m.GetType().Name}) cannot be combined across ranks: override StateLength, WriteState and ReadState.");
        }

        var hash = new XxHash3();
        foreach (var t in new[] { train.Features, train.Targets, train.SampleWeights })
        {
            if (t is not null)
            {
                hash.Append(MemoryMarshal.AsBytes<int>([t.Rows, t.Columns]));
                hash.Append(MemoryMarshal.AsBytes(t.Span));
            }
        }

        hash.Append(MemoryMarshal.AsBytes<long>([size, options.Seed, options.BatchSize, options.Epochs, options.InitialEpoch, options.Shuffle ? 1 : 0, _reducer.Length]));
        hash.Append(System.Text.Encoding.UTF8.GetBytes(string.Join('|', _model.Parameters.Select(p => p.ToString()).Concat(metrics.Select(m => m.Name)))));
        hash.Append(System.Text.Encoding.UTF8.GetBytes(TrainingRule(loss)));
        int differing = CountDiffering(hash.GetCurrentHashAsUInt64());
        if (differing > 0)
        {
            throw new InvalidOperationException(
                $"{differing} of {size} ranks differ from rank 0 in their training data, Fit options, model, metrics, loss or optimizer: data-parallel Fit needs every rank to run the same program on the same data.");
        }
    }

    /// <summary>
    /// The loss and optimizer as one text (types and the settings that change the gradient or the update): ranks with
    /// another optimizer or another class weighting trained on without a word and still ended with identical weights,
    /// because rank 0's update is the one every rank applies.
    /// </summary>
    private string TrainingRule(Loss<T> loss)
    {
        string lossSettings = loss switch
        {
            CategoricalCrossEntropy<T> c => string.Create(CultureInfo.InvariantCulture, $"{c.FromLogits},{c.LabelSmoothing:R},{Join(c.ClassWeights)}"),
            BinaryCrossEntropy<T> b => string.Create(CultureInfo.InvariantCulture, $"{b.FromLogits},{b.LabelSmoothing:R},{Join(b.ClassWeights)}"),
            _ => "",
        };
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{loss.GetType().FullName}({loss.Name};{lossSettings})|{_optimizer.GetType().FullName}({_optimizer.LearningRate:R},{_optimizer.WeightDecay:R},{_optimizer.ClipNorm:R},{_optimizer.ClipValue:R})");

        static string Join(IReadOnlyList<double>? values) => values is null ? "-" : string.Join(';', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Gives every rank rank 0's starting point once the callbacks' <c>OnTrainBegin</c> ran there: the epoch to start at,
    /// the weights (initial, or restored from a checkpoint), the optimizer's state, the noise layers' steps and a pending
    /// stop; and whether rank 0 will decide after each batch.
    /// </summary>
    /// <param name="epoch">On rank 0, the epoch to start at.</param>
    /// <param name="context">The Fit's context.</param>
    /// <param name="batchDecisions">On rank 0: whether decisions are needed after each batch.</param>
    /// <returns>The epoch every rank starts at.</returns>
    public int ShareStartState(int epoch, TrainingContext context, bool batchDecisions)
    {
        var parameters = _model.Parameters;
        var header = new double[5 + parameters.Count + _noisy.Length];
        if (IsRoot)
        {
            header[0] = epoch;
            header[1] = _optimizer.Iterations;
            header[2] = _optimizer.LearningRate;
            header[3] = context.RequestedStopReason is { } reason ? (int)reason + 1 : 0;
            header[4] = batchDecisions ? 1 : 0;
            for (int i = 0; i < parameters.Count; i++)
            {
                header[5 + i] = _optimizer.StateOrNull(parameters[i]) is null ? 0 : 1;
            }

            for (int i = 0; i < _noisy.Length; i++)
            {
                header[5 + parameters.Count + i] = _noisy[i].Step;
            }
        }

        _collective.Broadcast(MemoryMarshal.AsBytes(header.AsSpan()));
        var slots = new List<KeyValuePair<Parameter<T>, T[][]>>();
        for (int i = 0; i < parameters.Count; i++)
        {
            Broadcast(parameters[i].Value.Span);
            if (header[5 + i] != 0)
            {
                var state = _optimizer.StateOrNull(parameters[i]) ?? [.. Enumerable.Range(0, _optimizer.StateSlotCount).Select(_ => new T[parameters[i].Length])];
                foreach (var slot in state)
                {
                    Broadcast(slot);
                }

                slots.Add(new(parameters[i], state));
            }
        }

        AgreeEachBatch = header[4] != 0;
        ShareHistory(context.History);
        if (IsRoot)
        {
            return epoch;
        }

        _optimizer.RestoreState((long)header[1], header[2], slots);
        for (int i = 0; i < _noisy.Length; i++)
        {
            _noisy[i].Step = (long)header[5 + parameters.Count + i];
        }

        if (header[3] != 0)
        {
            context.StopTraining((StopReason)(int)(header[3] - 1));
        }

        return (int)header[0];
    }

    /// <summary>
    /// Gives every rank rank 0's history as training starts: the epochs a resumed run restored from its checkpoint, so
    /// that <c>Fit</c> returns the same history on every rank (rank 0 alone reads the checkpoint). Nothing is sent when
    /// rank 0 has logged no epoch.
    /// </summary>
    private void ShareHistory(History history)
    {
        byte[] text = IsRoot && history.Epochs.Count > 0
            ? System.Text.Encoding.UTF8.GetBytes(HistoryJson.Write(history).ToJsonString())
            : [];
        var length = new long[] { text.Length };
        _collective.Broadcast(MemoryMarshal.AsBytes(length.AsSpan()));
        if (length[0] == 0)
        {
            return;
        }

        if (!IsRoot)
        {
            text = new byte[checked((int)length[0])];
        }

        _collective.Broadcast(text);
        if (!IsRoot)
        {
            var saved = System.Text.Json.Nodes.JsonNode.Parse(text) as System.Text.Json.Nodes.JsonObject
                ?? throw new InvalidDataException("rank 0 sent a history that is not a JSON object");
            var (epochs, nonFinite) = HistoryJson.Read(saved);
            history.Restore(epochs, nonFinite);
        }
    }

    /// <summary>Prepares the noise layers for this rank's shard of a batch (their row offset), or skips their step when the shard is empty.</summary>
    public void BeginShard(in TrainingBatch<T> batch)
    {
        foreach (var layer in _noisy)
        {
            layer.RowOffset = batch.Offset;
            if (batch.Rows == 0)
            {
                layer.SkipTrainingStep();
            }
        }
    }

    /// <summary>Sums the ranks' gradients (one all-reduce) and returns the batch's data loss and penalty over all ranks.</summary>
    public (double DataLoss, double Penalty) ReduceGradients(in TrainingBatch<T> batch, double dataLoss, double penalty)
        => _reducer.Reduce(batch.Rows, batch.GlobalRows, dataLoss, penalty);

    /// <summary>
    /// Rank 0's decision (stop and why, learning rate) reaches every rank. On rank 0 a cancelled token becomes a stop
    /// request first; the other ranks' tokens are not read.
    /// </summary>
    public void Agree(TrainingContext context, CancellationToken token)
    {
        if (IsRoot)
        {
            if (token.IsCancellationRequested)
            {
                context.StopTraining(StopReason.Cancelled);
            }

            BitConverter.TryWriteBytes(_decision, context.RequestedStopReason is { } reason ? (int)reason + 1 : 0);
            BitConverter.TryWriteBytes(_decision.AsSpan(8), _optimizer.LearningRate);
        }

        _collective.Broadcast(_decision);
        if (!IsRoot)
        {
            int stop = BitConverter.ToInt32(_decision);
            if (stop != 0)
            {
                context.StopTraining((StopReason)(stop - 1));
            }

            double rate = BitConverter.ToDouble(_decision, 8);
            if (rate.CompareTo(_optimizer.LearningRate) != 0)
            {
                _optimizer.LearningRate = rate;
            }
        }
    }

    /// <summary>Gives every rank rank 0's values of the parameters no optimizer updates (batch normalization's running statistics).</summary>
    public void ShareBuffers()
    {
        foreach (var p in _model.Parameters.Where(p => !p.Trainable))
        {
            Broadcast(p.Value.Span);
        }
    }

    /// <summary>Gives every rank rank 0's weights (after <c>OnTrainEnd</c>, where a callback may restore the best ones).</summary>
    public void ShareWeights()
    {
        foreach (var p in _model.Parameters)
        {
            Broadcast(p.Value.Span);
        }
    }

    /// <summary>Throws on every rank when any rank's weights differ from rank 0's after <paramref name="epoch"/> (a 64-bit checksum).</summary>
    public void CheckWeights(int epoch)
    {
        var hash = new XxHash3();
        foreach (var p in _model.Parameters)
        {
            hash.Append(MemoryMarshal.AsBytes(p.Value.Span));
        }

        int differing = CountDiffering(hash.GetCurrentHashAsUInt64());
        if (differing > 0)
        {
            throw new InvalidOperationException(
                $"After epoch {epoch}, the weights of {differing} of {_collective.Size} ranks differ from rank 0's: the model copies drifted apart. " +
                "Every rank must run the same program; weights must change only through Fit's steps (a callback that edits weights runs on rank 0 only).");
        }
    }

    /// <summary>Ends the job on every rank: this rank failed.</summary>
    public void Abort(Exception error) => _collective.Abort(error);

    private void Broadcast(Span<T> values) => _collective.Broadcast(MemoryMarshal.AsBytes(values));

    /// <summary>How many ranks' <paramref name="value"/> differs from rank 0's (the same answer on every rank).</summary>
    private int CountDiffering(ulong value)
    {
        Span<ulong> root = [value];
        _collective.Broadcast(MemoryMarshal.AsBytes(root));
        Span<double> differs = [root[0] == value ? 0 : 1];
        _collective.AllReduceSum(differs);
        return (int)differs[0];
    }
}
