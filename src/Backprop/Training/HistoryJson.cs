using System.Text.Json.Nodes;

namespace Backprop.Training;

/// <summary>A checkpoint's history and stop reason as JSON (every logged value exactly, in the order it was logged).</summary>
internal static class HistoryJson
{
    /// <summary>The epochs logged so far and where a non-finite loss stopped training.</summary>
    public static JsonObject Write(History history)
    {
        var epochs = new JsonArray();
        foreach (var logs in history.Epochs)
        {
            var values = new JsonObject();
            foreach (var key in logs.Keys)
            {
                values[key] = CheckpointJson.Number(logs[key]);
            }

            epochs.Add((JsonNode)new JsonObject { ["epoch"] = logs.Epoch, ["logs"] = values });
        }

        var nonFinite = history.NonFiniteLossAt is var (e, b) ? new JsonArray(e, b) : null;
        return new JsonObject { ["epochs"] = epochs, ["non_finite_loss_at"] = nonFinite };
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    public static (List<EpochLogs> Epochs, (int, int)? NonFinite) Read(JsonObject saved)
    {
        var epochs = new List<EpochLogs>();
        foreach (var item in CheckpointJson.ReadArray(saved["epochs"], "history epochs"))
        {
            var entry = CheckpointJson.ReadObject(item, "history entry");
            var logs = new EpochLogs(CheckpointJson.ReadInt32(entry["epoch"], "history epoch"));
            foreach (var (key, value) in CheckpointJson.ReadObject(entry["logs"], "history logs"))
            {
                logs[key] = CheckpointJson.ReadDouble(value, $"logged '{key}' of epoch {logs.Epoch}");
            }

            epochs.Add(logs);
        }

        (int, int)? nonFinite = null;
        if (saved["non_finite_loss_at"] is { } at)
        {
            var pair = CheckpointJson.ReadArray(at, "history non_finite_loss_at");
            nonFinite = pair.Count == 2
                ? (CheckpointJson.ReadInt32(pair[0], "non-finite epoch"), CheckpointJson.ReadInt32(pair[1], "non-finite batch"))
                : throw CheckpointJson.Bad("history non_finite_loss_at", "[epoch, batch]");
        }

        return (epochs, nonFinite);
    }

    /// <summary>A <see cref="StopReason"/> by name, or null.</summary>
    public static StopReason? ReadStopReason(JsonNode? node)
    {
        string? text = CheckpointJson.ReadNullableString(node, "stop_reason");
        return text is null ? null
            : Enum.TryParse(text, ignoreCase: false, out StopReason reason) && Enum.IsDefined(reason) && !char.IsAsciiDigit(text[0]) ? reason
            : throw CheckpointJson.Bad("stop_reason", "a StopReason name");
    }
}
