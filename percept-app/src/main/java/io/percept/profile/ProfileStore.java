package io.percept.profile;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierExtractor;
import io.percept.identity.ProfileId;
import io.percept.identity.domain.IdentityGraph;
import io.percept.profile.domain.Interner;
import io.percept.profile.domain.ProfileRules;
import io.percept.profile.domain.ProfileState;
import io.percept.platform.PiiCipher;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The identity graph and the profiles' states, in memory. The unify processor changes them under
 * the write lock; lookups read them under the read lock, so a lookup costs microseconds and never
 * touches the database.
 */
final class ProfileStore {

    /** The snapshot format; a snapshot with another (older) magic is not read, and the processor rebuilds from the log. */
    private static final long MAGIC = 0x5045_5243_5052_4F36L; // "PERCPRO6"

    private final IdentifierExtractor extractor;
    private final ProfileRules rules;
    private final Interner interner = new Interner();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private IdentityGraph graph;
    private Map<Long, ProfileState> states = new HashMap<>();
    /** The newest event time applied (epoch micros): "now" for recency on historical data. */
    private long newestEvent = Long.MIN_VALUE;

    ProfileStore(IdentifierExtractor extractor, ProfileRules rules) {
        this.extractor = extractor;
        this.rules = rules;
        this.graph = new IdentityGraph(extractor.rules());
    }

    IdentifierExtractor extractor() {
        return extractor;
    }

    ProfileRules rules() {
        return rules;
    }

    Interner interner() {
        return interner;
    }

    // ---- for the processor, which holds the write lock while it changes anything

    ReentrantReadWriteLock.WriteLock writeLock() {
        return lock.writeLock();
    }

    IdentityGraph graph() {
        return graph;
    }

    Map<Long, ProfileState> states() {
        return states;
    }

    void sawEvent(long micros) {
        newestEvent = Math.max(newestEvent, micros);
    }

    /** Empties everything (before a replay from the start of the log). */
    void reset() {
        graph = new IdentityGraph(extractor.rules());
        states = new HashMap<>();
        newestEvent = Long.MIN_VALUE;
    }

    // ---- for readers

    /** Runs {@code reading} under the read lock. */
    <T> T read(Supplier<T> reading) {
        lock.readLock().lock();
        try {
            return reading.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The live profile {@code id} is, or was merged into. Call under the read lock. */
    Optional<ProfileId> current(ProfileId id) {
        return graph.current(id);
    }

    /** Call under the read lock. */
    Optional<ProfileId> profileOf(Identifier identifier) {
        return graph.profileOf(identifier);
    }

    /** Call under the read lock. */
    List<Identifier> identifiers(ProfileId id) {
        return graph.identifiers(id);
    }

    /** Call under the read lock. */
    ProfileState state(ProfileId id) {
        return states.get(id.value());
    }

    /** Call under the read lock. */
    int merges(ProfileId id) {
        return graph.merges(id);
    }

    /** Call under the read lock. */
    long newestEvent() {
        return newestEvent;
    }

    /** Call under the read lock. */
    int profileCount() {
        return graph.profileCount();
    }

    // ---- snapshots

    /** What identity resolution depends on, in a stable form: a snapshot made under other rules is not used. */
    private String rulesFingerprint() {
        StringBuilder text = new StringBuilder();
        for (var type : extractor.rules().priority()) {
            text.append(type).append('=').append(extractor.rules().limits().get(type)).append(',');
        }
        text.append("merges=").append(extractor.rules().maxMerges()).append(";cc=").append(extractor.values().defaultCountryCode());
        text.append(";blocklist=").append(Integer.toHexString(extractor.values().blocklist().stream().sorted().toList().hashCode()));
        return text.toString();
    }

    /**
     * Saves the state as of log position {@code position} to {@code file} (atomically: a reader
     * sees the previous snapshot or this one), sealed by {@code cipher}. Call on the processor's
     * thread (no other writer).
     */
    void save(Path file, long position, PiiCipher cipher) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(cipher.sealing(Files.newOutputStream(temporary)), 1 << 20))) {
            out.writeLong(MAGIC);
            out.writeLong(position);
            out.writeUTF(rulesFingerprint());
            out.writeLong(newestEvent);
            graph.write(out);
            out.writeInt(states.size());
            for (Map.Entry<Long, ProfileState> entry : states.entrySet()) {
                out.writeLong(entry.getKey());
                entry.getValue().write(out);
            }
            out.writeLong(MAGIC);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Loads a snapshot saved by {@link #save} with the same {@code cipher}.
     *
     * @return its log position
     * @throws IOException if it is unreadable, corrupt, was made under other identity rules or
     *                     sealed otherwise
     */
    long load(Path file, PiiCipher cipher) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(cipher.opening(Files.newInputStream(file)), 1 << 20))) {
            if (in.readLong() != MAGIC) {
                throw new IOException("not a profile snapshot of this version");
            }
            long position = in.readLong();
            String snapshotRules = in.readUTF();
            if (!snapshotRules.equals(rulesFingerprint())) {
                throw new IOException("the snapshot was made under other identity rules");
            }
            long newest = in.readLong();
            IdentityGraph loadedGraph = IdentityGraph.read(extractor.rules(), in);
            int count = in.readInt();
            Map<Long, ProfileState> loaded = new HashMap<>(Math.max(16, count * 4 / 3));
            for (int i = 0; i < count; i++) {
                loaded.put(in.readLong(), ProfileState.read(in, interner));
            }
            if (in.readLong() != MAGIC) {
                throw new IOException("the snapshot is truncated");
            }
            graph = loadedGraph;
            states = loaded;
            newestEvent = newest;
            return position;
        }
    }
}
