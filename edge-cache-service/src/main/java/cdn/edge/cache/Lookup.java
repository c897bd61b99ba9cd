package cdn.edge.cache;

import cdn.protocol.edge.CacheStatus;

/**
 * The answer of {@link EdgeCache#get}: the object to serve and how it was found.
 *
 * @param object the object
 * @param result how it was found
 */
public record Lookup(CachedObject object, CacheStatus result) {

}
