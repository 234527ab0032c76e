namespace GitOpsFleet.Loading;

/// <summary>How the loader reads a field's value; the schema generator maps each to a JSON Schema shape.</summary>
internal enum FieldType
{
    /// <summary>Any scalar, taken as its text ("version: 1.20" stays "1.20").</summary>
    Text,
    Integer,
    Boolean,
    Duration,
    Choice,
    Mapping,
    IntegerList,

    /// <summary>A list of names (forge accounts), each matching the field's pattern.</summary>
    NameList,

    /// <summary>A list of choices (notification events), without repeats.</summary>
    ChoiceList,

    /// <summary>A list of mappings, each read through the field's table (notification targets).</summary>
    MappingList,

    /// <summary>Names to scalar values (labels).</summary>
    StringMap,

    /// <summary>Any mapping, passed on without being read (ansible vars).</summary>
    AnyMapping,
    Url,
    RepositoryPath,
}
