package io.jenkins.plugins.releasegate.definition;

import io.jenkins.plugins.releasegate.spi.CheckType;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The check types a gate definition may use, by name.
 */
public final class CheckTypes {
    private final Map<String, CheckType> byName;

    /**
     * Creates a registry of the given types.
     *
     * @param types the types
     * @throws IllegalArgumentException if two types share a name
     */
    public CheckTypes(final Collection<? extends CheckType> types) {
        Map<String, CheckType> map = new TreeMap<>();
        for (CheckType type : types) {
            CheckType previous = map.put(type.name(), type);
            if (previous != null && previous.getClass() != type.getClass()) {
                throw new IllegalArgumentException("Two check types are named '" + type.name() + "': "
                        + previous.getClass().getName() + " and "
                        + type.getClass().getName());
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    /**
     * Finds every type registered with {@link ServiceLoader} by the given class loader.
     *
     * @param classLoader the class loader to search
     * @return the registry
     */
    public static CheckTypes discover(final ClassLoader classLoader) {
        return new CheckTypes(ServiceLoader.load(CheckType.class, classLoader).stream()
                .map(ServiceLoader.Provider::get)
                .toList());
    }

    /**
     * Finds every type registered with {@link ServiceLoader} by the class loader of the core library.
     *
     * @return the registry
     */
    public static CheckTypes discover() {
        return discover(CheckTypes.class.getClassLoader());
    }

    /**
     * Returns a type by name.
     *
     * @param name the name
     * @return the type, empty if unknown
     */
    public Optional<CheckType> get(final String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * Returns the names of every type.
     *
     * @return the names, sorted
     */
    public Collection<String> names() {
        return byName.keySet();
    }

    /**
     * Returns every type.
     *
     * @return the types, sorted by name
     */
    public Collection<CheckType> all() {
        return byName.values();
    }
}
