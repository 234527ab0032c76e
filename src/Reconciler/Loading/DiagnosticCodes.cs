namespace GitOpsFleet.Loading;

/// <summary>
/// Stable codes of the fleet loader's diagnostics (documented in docs/diagnostics.md). Codes are never
/// renumbered or reused: scripts and people search for them.
/// </summary>
public static class DiagnosticCodes
{
    public const string YamlSyntax = "FLEET001";
    public const string UnknownField = "FLEET002";
    public const string WrongType = "FLEET003";
    public const string MissingField = "FLEET004";
    public const string WrongApiVersion = "FLEET005";
    public const string WrongKind = "FLEET006";
    public const string MinExceedsMax = "FLEET007";
    public const string OutOfRange = "FLEET008";
    public const string DuplicatePoolName = "FLEET009";
    public const string UnknownProvider = "FLEET010";
    public const string FileNotInCommit = "FLEET011";
    public const string BadDuration = "FLEET012";
    public const string BadEnumValue = "FLEET013";
    public const string DuplicateKey = "FLEET014";
    public const string FleetFileMissing = "FLEET015";
    public const string EmptyOrMultipleDocuments = "FLEET016";
    public const string InvalidName = "FLEET017";
    public const string PathOutsideRepository = "FLEET018";
    public const string InvalidValue = "FLEET019";
    public const string ConflictingFields = "FLEET020";
    public const string ProviderSettingsMissing = "FLEET021";
    public const string FileTooLarge = "FLEET022";
    public const string TooManyKeys = "FLEET023";
    public const string NestingTooDeep = "FLEET024";
    public const string TooManyReplicas = "FLEET025";
    public const string FleetTooLarge = "FLEET026";
    public const string InvalidUtf8 = "FLEET027";
    public const string UnreadableEntry = "FLEET028";
    public const string DirectoryInsteadOfFile = "FLEET029";
    /// <summary>Raised by a run's observe step, not the loader: nodes of this fleet's former name still run.</summary>
    public const string FormerFleetNodes = "FLEET030";
}
