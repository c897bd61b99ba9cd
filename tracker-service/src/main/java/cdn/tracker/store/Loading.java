package cdn.tracker.store;

/**
 * Who is loading one segment in the requester's region.
 *
 * @param loader the live, registered, not quarantined peer holding the claim, other than
 * the requester; {@code null} when there is none
 * @param mine whether the requester holds the claim
 */
public record Loading(Candidate loader, boolean mine) {

	public static final Loading NONE = new Loading(null, false);

}
