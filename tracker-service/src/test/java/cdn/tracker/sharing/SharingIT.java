package cdn.tracker.sharing;

/**
 * {@link SharingContract} on the embedded store.
 */
class SharingIT extends SharingContract {

}
