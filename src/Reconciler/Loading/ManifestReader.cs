using System.Text.RegularExpressions;
using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

/// <summary>Checks the envelope of a fleet file (apiVersion, kind, metadata) the same way for fleet.yaml and pools.</summary>
internal static partial class ManifestReader
{
    public const string ApiVersion = "gitopsfleet.dev/v1";

    private static readonly FieldTable RootFields = new("apiVersion", "kind", "metadata", "spec");
    private static readonly FieldTable MetadataFields = new("name", "labels");

    public static ManifestHeader? Read(DocumentReader reader, Node? root, string kind, string where, bool specRequired)
    {
        if (root is null)
        {
            reader.Error(DiagnosticCodes.EmptyOrMultipleDocuments, 1, 1, $"the file is empty; expected a {kind} with apiVersion, kind, metadata and spec");
            return null;
        }
        if (root is not MappingNode map)
        {
            reader.Error(DiagnosticCodes.WrongType, root, $"the file must hold a mapping with apiVersion, kind, metadata and spec, got {root.Describe()}");
            return null;
        }
        reader.CheckFields(map, "", RootFields);

        if (reader.Scalar(map, "", "apiVersion", required: true) is { } apiVersion && apiVersion.Value != ApiVersion)
        {
            reader.Error(DiagnosticCodes.WrongApiVersion, apiVersion, $"apiVersion must be '{ApiVersion}', got '{apiVersion.Value}'");
        }
        if (reader.Scalar(map, "", "kind", required: true) is { } kindNode && kindNode.Value != kind)
        {
            reader.Error(DiagnosticCodes.WrongKind, kindNode, $"kind must be '{kind}' {where}, got '{kindNode.Value}'");
        }

        ScalarNode? nameNode = null;
        string? name = null;
        IReadOnlyDictionary<string, string>? labels = null;
        if (reader.Mapping(map, "", "metadata", required: true) is { } metadata)
        {
            reader.CheckFields(metadata, "metadata", MetadataFields);
            nameNode = reader.Scalar(metadata, "metadata", "name", required: true);
            if (nameNode is not null)
            {
                if (IsValidName(nameNode.Value))
                {
                    name = nameNode.Value;
                }
                else
                {
                    reader.Error(DiagnosticCodes.InvalidName, nameNode,
                        $"metadata.name '{nameNode.Value}' is not a valid name: use lowercase letters, digits and '-', start and end with a letter or digit, at most 63 characters");
                }
            }
            labels = reader.StringMap(metadata, "metadata", "labels");
        }
        var spec = reader.Mapping(map, "", "spec", specRequired);
        return new ManifestHeader(nameNode, name, labels, spec);
    }

    // Names become process arguments, branch names and cloud tags, so they follow DNS label rules.
    public static bool IsValidName(string name) => name.Length <= 63 && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
