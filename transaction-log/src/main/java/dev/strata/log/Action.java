package dev.strata.log;

/**
 * One action of a Delta commit: one line of a {@code _delta_log/NNN.json} file. {@link
 * Actions#toJson(Action)} and {@link Actions#fromJson(String)} convert one action to and from its
 * line; unknown actions and fields are ignored when reading.
 */
public sealed interface Action
    permits Protocol,
        Metadata,
        AddFile,
        RemoveFile,
        SetTransaction,
        CommitInfo,
        AddCDCFile,
        DomainMetadata {}
