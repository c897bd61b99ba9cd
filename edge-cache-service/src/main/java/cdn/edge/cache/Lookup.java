package cdn.edge.cache;

/**
 * The answer of {@link EdgeCache#get}: the object to serve and how it was found.
 *
 * @param object the object
 * @param result how it was found
 */
public record Lookup(CachedObject object, CacheResult result) {

}
