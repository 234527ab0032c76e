namespace GitOpsFleet.Loading;

/// <summary>
/// One key a mapping accepts, with what the loader checks about its value. The readers take bounds and choices
/// from here and the schema generator reads the same tables, so the published schema cannot drift from the loader.
/// </summary>
internal sealed record KnownField(string Name, FieldType Type, string Description)
{
    public bool Required { get; init; }

    /// <summary>Bounds of an integer, or of each item of an integer list.</summary>
    public int? Minimum { get; init; }

    public int? Maximum { get; init; }

    /// <summary>
    /// The upper bound is <see cref="FleetLoadOptions.MaxReplicasPerPool"/>, a service setting rather than a rule
    /// of the format, so the reader and the generator take it from the options in use.
    /// </summary>
    public bool BoundedByReplicaLimit { get; init; }

    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The keys of a nested mapping.</summary>
    public FieldTable? Fields { get; init; }

    /// <summary>A regular expression (ECMA-262 subset) the text must match, where the loader checks the same rule.</summary>
    public string? Pattern { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>The regular expression each item of a name list must match.</summary>
    public string? ItemPattern { get; init; }

    /// <summary>The only text accepted (apiVersion, kind).</summary>
    public string? Constant { get; init; }

    public static KnownField Text(string name, string description, bool required = false) =>
        new(name, FieldType.Text, description) { Required = required };

    public static KnownField Integer(string name, string description, int minimum, int? maximum = null, bool required = false) =>
        new(name, FieldType.Integer, description) { Minimum = minimum, Maximum = maximum, Required = required };

    public static KnownField NameList(string name, string description, string itemPattern) =>
        new(name, FieldType.NameList, description) { ItemPattern = itemPattern };

    public static KnownField Boolean(string name, string description) => new(name, FieldType.Boolean, description);

    public static KnownField Duration(string name, string description) =>
        new(name, FieldType.Duration, description) { Pattern = Durations.Pattern };

    public static KnownField Choice<T>(string name, ChoiceTable<T> choices, string description)
        where T : struct =>
        new(name, FieldType.Choice, description) { Choices = choices.Names };

    public static KnownField ChoiceList<T>(string name, ChoiceTable<T> choices, string description, bool required = false)
        where T : struct =>
        new(name, FieldType.ChoiceList, description) { Choices = choices.Names, Required = required };

    public static KnownField MappingList(string name, FieldTable fields, string description) =>
        new(name, FieldType.MappingList, description) { Fields = fields };

    public static KnownField Mapping(string name, FieldTable fields, string description, bool required = false) =>
        new(name, FieldType.Mapping, description) { Fields = fields, Required = required };

    public static KnownField Url(string name, string description, bool required = false) =>
        new(name, FieldType.Url, description) { Required = required, Pattern = "^[Hh][Tt][Tt][Pp][Ss]?://\\S" };

    // The same rule as DocumentReader.RepositoryPath, which runs it after trimming spaces and leading "./".
    public static KnownField RepositoryPath(string name, string description) =>
        new(name, FieldType.RepositoryPath, description) { Required = true, Pattern = "^(?!\\s*/)(?!.*[\\\\:])(?!(.*/)?\\.\\.(/|\\s*$)).*\\S" };
}
