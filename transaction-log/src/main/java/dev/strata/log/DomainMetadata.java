package dev.strata.log;

/**
 * The {@code domainMetadata} action: a named configuration string owned by a system or user domain;
 * {@code removed=true} is a tombstone.
 */
public record DomainMetadata(String domain, String configuration, boolean removed)
    implements Action {}
