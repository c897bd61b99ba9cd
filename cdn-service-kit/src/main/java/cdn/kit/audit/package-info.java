/**
 * The audit log: one JSON line per operator action and peer report, in a bounded, rotated
 * file of its own ({@code cdn.audit.*}).
 */
package cdn.kit.audit;
