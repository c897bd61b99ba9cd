package cdn.tracker.sharing;

/**
 * {@link P2pSwitchesContract} on the embedded store.
 */
class P2pSwitchesIT extends P2pSwitchesContract {

}
