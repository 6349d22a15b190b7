using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using IncidentPlatform.Contracts;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.Notifications.Domain.Webhooks;

/// <summary>
/// JSON schemas of the partner events' data, derived from the very types that are serialized, so the published
/// catalogue (the API's event-types list and docs/partner-events.md) cannot drift from what partners receive.
/// </summary>
public static class PartnerEventSchemas
{
    private static readonly JsonSerializerOptions Options = new(JsonConventions.Default) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TreatNullObliviousAsNonNullable = true,
        // The platform's own converters write these as strings; the exporter cannot see into a converter.
        TransformSchemaNode = (context, schema) =>
        {
            var type = context.TypeInfo.Type;
            if (type == typeof(Severity))
            {
                return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("SEV1", "SEV2", "SEV3", "SEV4") };
            }

            if (type == typeof(DateTimeOffset))
            {
                return new JsonObject { ["type"] = "string", ["format"] = "date-time", ["description"] = "UTC, ISO-8601 (2024-03-15T14:23:00Z)." };
            }

            if (type == typeof(DateTimeOffset?))
            {
                return new JsonObject { ["type"] = new JsonArray("string", "null"), ["format"] = "date-time" };
            }

            return schema;
        },
    };

    public static JsonNode SchemaOf(PartnerEventType eventType)
    {
        var schema = Options.GetJsonSchemaAsNode(eventType.DataType, ExporterOptions);
        if (schema is JsonObject root)
        {
            root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
            root.Insert(1, "title", $"{eventType.Type} data");
        }

        return schema;
    }

    /// <summary>The catalogue as Markdown: each type, what it means, an example subject, and its data's schema.</summary>
    public static string CatalogueMarkdown()
    {
        var markdown = new StringBuilder();
        foreach (var eventType in PartnerEventTypes.All)
        {
            markdown.Append("### `").Append(eventType.Type).Append("`\n\n")
                .Append(eventType.Description).Append('\n');
            if (!PartnerEventTypes.IsSubscribable(eventType.Type))
            {
                markdown.Append("Not subscribable: sent only by `POST /api/webhooks/endpoints/{id}/test`.\n");
            }

            markdown.Append("\n```json\n")
                .Append(SchemaOf(eventType).ToJsonString(new JsonSerializerOptions { WriteIndented = true }))
                .Append("\n```\n\n");
        }

        return markdown.ToString();
    }
}
