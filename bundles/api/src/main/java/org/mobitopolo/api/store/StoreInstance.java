package org.mobitopolo.api.store;

/**
 * A runtime (a Karaf instance) that has used the store.
 *
 * @param id its id, kept in its data directory, so stable across its restarts
 * @param name its Karaf name ({@code karaf.name})
 * @param host the host it ran on at its latest start
 * @param firstStartedMillis when it first used the store, epoch milliseconds
 * @param lastStartedMillis when its store last started, epoch milliseconds
 * @param starts how many times its store has started
 */
public record StoreInstance(String id, String name, String host, long firstStartedMillis, long lastStartedMillis, long starts) {}
