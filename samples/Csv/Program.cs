// Trains an MLP on any CSV file given on the command line: classification by a label column (text or integers), or
// regression by --target columns. Features are standardized on the training rows; the test rows are held out.
// Run: dotnet run -c Release --project samples/Csv [-- data.csv --label species]   (default: the shipped iris.csv)
// Last line: test_accuracy=0.9xxx (classification) or test_r2=0.xxxx (regression).
using Backprop.Data;
using Backprop.Samples;
using System.CommandLine;

var cli = new SampleCommand("Csv", "an MLP trained on a CSV file: classification by a label column, or regression by target columns");
var file = new Argument<string>("file")
{
    Description = "The CSV file (header row recommended; delimiter detected)",
    DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "iris.csv"),
};
file.Validators.Add(result =>
{
    if (result.GetValueOrDefault<string>() is { } value && value.StartsWith('-'))
    {
        result.AddError($"file must be a CSV path; got '{value}', which looks like an option.");
    }
});
cli.Root.Arguments.Add(file);
var label = cli.Add<string?>("--label", null, "The label column for classification, by header name, 0-based position or ^k from the end [default: the last column]", "column");
var targets = new Option<string[]>("--target")
{
    Description = "Target column(s) for regression instead of a label (repeat for several)",
    HelpName = "column",
    AllowMultipleArgumentsPerToken = false,
};
cli.Root.Options.Add(targets);
var epochs = cli.Positive("--epochs", 100, "Training epochs");
var batchSize = cli.Positive("--batch-size", 16, "Rows per batch");
var hidden = cli.Positive("--hidden", 32, "Units of the hidden ReLU layer");
var testFraction = cli.Add("--test-fraction", 0.2, "Fraction of the rows held out as the test set (stratified for classification)", "f");
var seed = cli.Add("--seed", 42, "Seed for the split, the weights and the shuffling");
return cli.Run(args, (parsed, run) =>
{
    string path = Path.GetFullPath(parsed.GetValue(file)!);
    string[] targetColumns = parsed.GetValue(targets) ?? [];
    if (targetColumns.Length > 0 && parsed.GetValue(label) is not null)
    {
        throw new ArgumentException("--label and --target exclude each other: a label means classification, targets mean regression.");
    }

    var options = new CsvTraining(
        parsed.GetValue(epochs), parsed.GetValue(batchSize), parsed.GetValue(hidden), parsed.GetValue(testFraction), parsed.GetValue(seed), run);
    return targetColumns.Length > 0
        ? options.Regression(path, targetColumns.Select(Column).ToArray())
        : options.Classification(path, parsed.GetValue(label) is { } name ? Column(name) : ^1);
});

// "species" by name, "4" by 0-based position, "^1" from the end.
static CsvColumn Column(string text)
    => int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int position) ? position
        : text.StartsWith('^') && int.TryParse(text[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int fromEnd) && fromEnd > 0 ? new Index(fromEnd, fromEnd: true)
        : text;
