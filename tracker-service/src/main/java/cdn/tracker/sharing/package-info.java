/**
 * Whose peers a listener may be handed: tenants and residency.
 */
package cdn.tracker.sharing;
