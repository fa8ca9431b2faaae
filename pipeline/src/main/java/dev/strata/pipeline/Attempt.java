package dev.strata.pipeline;

import dev.strata.engine.events.Status;
import java.time.Instant;

/**
 * One attempt of a (step, partition).
 *
 * @param number 1-based
 * @param status SUCCEEDED, FAILED or CANCELLED
 * @param error the failure's message (with its causes), or null
 */
public record Attempt(int number, Instant start, Instant end, Status status, String error) {}
