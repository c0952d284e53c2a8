using Backprop;
using Microsoft.ML.OnnxRuntime;

/// <summary>One ONNX Runtime call over input and output OrtValues allocated once (its zero-copy path).</summary>
internal sealed class BoundRun : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _options = new();
    private readonly OrtValue _input;
    private readonly OrtValue _output;

    public BoundRun(InferenceSession session, Tensor2D<float> x, int outputs = 10)
    {
        _session = session;
        _input = OrtValue.CreateTensorValueFromMemory(x.Span.ToArray(), [x.Rows, x.Columns]);
        _output = OrtValue.CreateTensorValueFromMemory(new float[x.Rows * outputs], [x.Rows, outputs]);
    }

    public void Run() => _session.Run(_options, ["input"], [_input], ["output"], [_output]);

    public void Dispose()
    {
        _input.Dispose();
        _output.Dispose();
        _options.Dispose();
    }
}
