using System.Text.RegularExpressions;
using GitOpsFleet.Loading.Yaml;

namespace GitOpsFleet.Loading;

/// <summary>Checks the envelope of a fleet file (apiVersion, kind, metadata) the same way for fleet.yaml and pools.</summary>
internal static partial class ManifestReader
{
    public const string ApiVersion = "gitopsfleet.dev/v1";

    // Names become process arguments, branch names and cloud tags, so they follow DNS label rules.
    public const string NamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const int NameMaxLength = 63;

    internal static readonly FieldTable MetadataFields = new(
        KnownField.Text("name", "Name of this fleet or pool: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters.",
            required: true) with { Pattern = NamePattern, MaxLength = NameMaxLength },
        new KnownField("labels", FieldType.StringMap, "Free-form labels (name: value), passed on to policies and providers."));

    /// <summary>The envelope of every fleet file. The schema generator fills in kind's value and spec's fields per kind.</summary>
    internal static readonly FieldTable RootFields = new(
        KnownField.Text("apiVersion", "Version of the fleet file format.", required: true) with { Constant = ApiVersion },
        KnownField.Text("kind", "What this file describes.", required: true),
        KnownField.Mapping("metadata", MetadataFields, "Name and labels.", required: true),
        KnownField.Mapping("spec", new FieldTable(), "The settings of this kind of file."));

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

    public static bool IsValidName(string name) => name.Length <= NameMaxLength && NameRegex().IsMatch(name);

    [GeneratedRegex(NamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();
}
