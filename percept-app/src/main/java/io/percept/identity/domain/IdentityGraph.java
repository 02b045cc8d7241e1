package io.percept.identity.domain;

import io.percept.identity.Identifier;
import io.percept.identity.IdentifierType;
import io.percept.identity.ProfileId;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which identifiers belong to the same person: a partition of identifiers into profiles, kept
 * by applying each event's {@link Link} under the {@link IdentityRules} (see
 * {@code docs/identity.md}).
 *
 * <p>The rules are applied in canonical order ({@link LinkKey}), so the partition depends only on
 * the set of links, not on the order they arrive in. A link that arrives after links with later
 * keys is applied directly when the outcome cannot depend on the order (nothing is refused, and
 * the profiles it touches saw no refusal after its key); otherwise the profiles involved are
 * recomputed from the identity-relevant links they keep, in canonical order.
 *
 * <p>Not thread-safe.
 */
public final class IdentityGraph {

    private final IdentityRules rules;
    private final int[] limits;
    private final int userRank;
    /** Open-addressing index from identifier to its id: slot = id + 1, 0 free, -1 erased. */
    private int[] table = new int[2048];
    private int tableUsed;
    private final ArrayList<Identifier> values = new ArrayList<>();
    private byte[] rankOf = new byte[1024];
    private Node[] owner = new Node[1024];
    private final Map<Long, Node> profiles = new HashMap<>();
    private final Map<Integer, List<Node>> mentions = new HashMap<>();
    private final Map<Integer, Set<Integer>> apart = new HashMap<>();
    /** Each distinct link (by identifiers and alias flag) once: the map's key is the value itself. */
    private final Map<Input, Input> inputs = new HashMap<>();
    private long nextId = 1;
    private int alive;

    /** A profile, or (when not alive) a pointer to what replaced it. */
    private static final class Node {
        long id;
        int[] ids = new int[2];
        int size;
        final int[] counts;
        LinkKey first;
        LinkKey maxLink;
        LinkKey maxRefusal;
        int merges;
        List<Input> links = new ArrayList<>(1);
        boolean alive = true;
        Node redirect;

        Node(long id, int types, LinkKey first) {
            this.id = id;
            this.counts = new int[types];
            this.first = first;
            this.maxLink = first;
        }
    }

    /**
     * A distinct identifier set seen in links (with its alias flag), at the earliest key seen. Applying
     * the same set again later changes nothing (the graph only grows, and a refusal stays a
     * refusal), so each set is kept once, at its earliest key.
     */
    private static final class Input {
        LinkKey key;
        int[] ids;
        final boolean alias;

        Input(LinkKey key, int[] ids, boolean alias) {
            this.key = key;
            this.ids = ids;
            this.alias = alias;
        }

        LinkKey key() {
            return key;
        }

        int[] ids() {
            return ids;
        }

        boolean alias() {
            return alias;
        }

        /** Links are equal when they hold the same identifiers (in canonical rank order) and alias flag. */
        @Override
        public boolean equals(Object other) {
            return other instanceof Input that && alias == that.alias && Arrays.equals(ids, that.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids) * 31 + (alias ? 1 : 0);
        }
    }

    /** What one link's processing did. */
    private final class Audit {
        boolean created;
        final List<Resolution.Merge> merges = new ArrayList<>(0);
        final List<Resolution.Refusal> refusals = new ArrayList<>(0);
        final List<Node> createdNodes;

        Audit(List<Node> createdNodes) {
            this.createdNodes = createdNodes;
        }
    }

    public IdentityGraph(IdentityRules rules) {
        this.rules = rules;
        this.limits = rules.limitsByRank();
        this.userRank = rules.priority().indexOf(IdentifierType.USER_ID);
    }

    public IdentityRules rules() {
        return rules;
    }

    /**
     * Applies one event's link.
     *
     * @throws IllegalArgumentException if an identifier's type is not in the rules
     */
    public Resolution apply(Link link) {
        Input in = intern(link);
        if (in.ids().length == 0) {
            return new Resolution.Unattributed();
        }
        Input seen = inputs.get(in);
        if (seen != null) {
            return applyAgain(seen, in.key());
        }
        inputs.put(in, in);
        Set<Node> involved = involved(in.ids());
        boolean inOrder = true;
        for (Node node : involved) {
            if (!node.maxLink.isBefore(in.key())) {
                inOrder = false;
                break;
            }
        }
        if (!inOrder && !knownBefore(in, in.key()) && (laterRefusal(involved, in.key()) || mightRefuse(in, involved))) {
            return recompute(involved, in);
        }
        Audit audit = new Audit(null);
        applySequentially(in, audit);
        return resolved(in, audit, null);
    }

    /**
     * Whether applying {@code link} would change nothing: the same identifier set (and alias flag)
     * was applied before at the same or an earlier key. Unlike {@link #apply} it never adds to the
     * graph, so a replica can ask it of every event without drifting from the replicas that apply
     * only the links that change something (cluster mode, {@code docs/deploy.md}).
     */
    public boolean knows(Link link) {
        int[] ids = new int[link.identifiers().size()];
        int count = 0;
        for (Identifier identifier : link.identifiers()) {
            int id = find(identifier);
            if (id < 0) {
                return false;
            }
            boolean seen = false;
            for (int i = 0; i < count; i++) {
                seen |= ids[i] == id;
            }
            if (!seen) {
                ids[count++] = id;
            }
        }
        if (count == 0) {
            return true;
        }
        Input seen = inputs.get(new Input(link.key(), rankOrder(Arrays.copyOf(ids, count), link.alias()), link.alias()));
        return seen != null && !link.key().isBefore(seen.key);
    }

    /** A set seen before: nothing changes, unless this occurrence is earlier in canonical order than any before. */
    private Resolution applyAgain(Input seen, LinkKey key) {
        if (!key.isBefore(seen.key)) {
            return resolved(seen, new Audit(null), null);
        }
        Set<Node> involved = involved(seen.ids());
        boolean orderMatters = !knownBefore(seen, key) && (laterRefusal(involved, key) || mightRefuse(seen, involved));
        seen.key = key;
        if (orderMatters) {
            return recompute(involved, null).withProfile(new ProfileId(owner[seen.ids()[0]].id));
        }
        for (Node node : involved) {
            if (key.isBefore(node.first)) {
                node.first = key;
            }
        }
        return resolved(seen, new Audit(null), null);
    }

    /**
     * Splits {@code detached} off its profile: from now on it may not be in one profile with
     * the profile's other identifiers, and the profiles involved are recomputed.
     *
     * @return the recomputation, or empty if the identifier is unknown or alone in its profile
     */
    public Optional<Resolution.Recomputed> separate(Identifier detached) {
        int found = find(detached);
        Integer x = found < 0 ? null : found;
        Node node = x == null ? null : owner[x];
        if (node == null || node.size < 2) {
            return Optional.empty();
        }
        int[] rest = new int[node.size - 1];
        int count = 0;
        for (int i = 0; i < node.size; i++) {
            int other = node.ids[i];
            if (other != x) {
                apart.computeIfAbsent(x, k -> new HashSet<>()).add(other);
                apart.computeIfAbsent(other, k -> new HashSet<>()).add(x);
                rest[count++] = other;
            }
        }
        // the admin keeps the rest together: a link of the remaining identifiers, as old as the profile
        Input together = new Input(node.first, rankOrder(rest, false), false);
        if (!inputs.containsKey(together)) {
            inputs.put(together, together);
            node.links.add(together);
        }
        Resolution.Resolved result = recompute(new LinkedHashSet<>(List.of(node)), null);
        return Optional.of(result.recomputed());
    }

    /**
     * Forgets a live profile and its identifiers for good (the right to erasure): its identifiers
     * are unknown afterwards, and are removed from what other profiles remember of refused links.
     *
     * @return the erased identifiers; empty if the profile is not live
     */
    public List<Identifier> erase(ProfileId id) {
        Node node = profiles.get(id.value());
        if (node == null || !node.alive) {
            return List.of();
        }
        List<Identifier> erased = identifiers(id);
        Set<Integer> gone = new HashSet<>();
        for (int i = 0; i < node.size; i++) {
            int x = node.ids[i];
            gone.add(x);
            owner[x] = null;
            unindex(values.get(x));
            values.set(x, null);
            mentions.remove(x);
            Set<Integer> others = apart.remove(x);
            if (others != null) {
                for (int other : others) {
                    Set<Integer> back = apart.get(other);
                    if (back != null && back.remove(x) && back.isEmpty()) {
                        apart.remove(other);
                    }
                }
            }
        }
        Set<Input> own = Collections.newSetFromMap(new IdentityHashMap<>());
        own.addAll(node.links);
        List<Input> touched = new ArrayList<>();
        for (Iterator<Map.Entry<Input, Input>> entries = inputs.entrySet().iterator(); entries.hasNext();) {
            Input input = entries.next().getValue();
            boolean mentionsGone = false;
            for (int x : input.ids) {
                mentionsGone |= gone.contains(x);
            }
            if (own.contains(input) || mentionsGone) {
                entries.remove();
                if (!own.contains(input)) {
                    touched.add(input);
                }
            }
        }
        for (Input input : touched) {
            input.ids = Arrays.stream(input.ids).filter(x -> !gone.contains(x)).toArray();
            if (input.ids.length > 0) {
                inputs.putIfAbsent(input, input);
            }
        }
        kill(node, null);
        profiles.remove(node.id);
        return erased;
    }

    /** The profile that holds {@code identifier}, if any. */
    public Optional<ProfileId> profileOf(Identifier identifier) {
        int id = find(identifier);
        Node node = id < 0 ? null : owner[id];
        return node == null ? Optional.empty() : Optional.of(new ProfileId(node.id));
    }

    /** The live profile {@code id} is or was merged into; empty if it never existed. */
    public Optional<ProfileId> current(ProfileId id) {
        Node node = profiles.get(id.value());
        Node live = node == null ? null : root(node);
        return live == null ? Optional.empty() : Optional.of(new ProfileId(live.id));
    }

    /** A live profile's identifiers, highest priority first; empty if the profile is not live. */
    public List<Identifier> identifiers(ProfileId id) {
        Node node = profiles.get(id.value());
        if (node == null || !node.alive) {
            return List.of();
        }
        Integer[] ids = new Integer[node.size];
        for (int i = 0; i < node.size; i++) {
            ids[i] = node.ids[i];
        }
        Arrays.sort(ids, Comparator.comparingInt(x -> rankOf[x]));
        List<Identifier> result = new ArrayList<>(node.size);
        for (int x : ids) {
            result.add(values.get(x));
        }
        return result;
    }

    /** How many merges a live profile has absorbed. */
    public int merges(ProfileId id) {
        Node node = profiles.get(id.value());
        return node == null || !node.alive ? 0 : node.merges;
    }

    /** The number of live profiles. */
    public int profileCount() {
        return alive;
    }

    /** The live profiles' identifier sets (for tests and exports). */
    public Set<Set<Identifier>> partition() {
        Set<Set<Identifier>> partition = new HashSet<>();
        for (Node node : profiles.values()) {
            if (node.alive && profiles.get(node.id) == node) {
                Set<Identifier> members = new HashSet<>();
                for (int i = 0; i < node.size; i++) {
                    members.add(values.get(node.ids[i]));
                }
                partition.add(Collections.unmodifiableSet(members));
            }
        }
        return partition;
    }

    /** Writes the whole graph (for snapshots); {@link #read} restores it exactly. */
    public void write(DataOutput out) throws IOException {
        out.writeInt(SNAPSHOT_VERSION);
        out.writeInt(values.size());
        for (Identifier identifier : values) {
            out.writeBoolean(identifier != null);
            if (identifier != null) {
                out.writeUTF(identifier.type().name());
                out.writeUTF(identifier.value());
            }
        }
        Map<Input, Integer> inputIds = new IdentityHashMap<>();
        List<Input> inputList = new ArrayList<>();
        Map<Node, Integer> nodeIds = new IdentityHashMap<>();
        List<Node> nodeList = new ArrayList<>();
        Deque<Node> pending = new ArrayDeque<>(profiles.values());
        mentions.values().forEach(pending::addAll);
        while (!pending.isEmpty()) {
            Node node = pending.poll();
            if (node == null || nodeIds.containsKey(node)) {
                continue;
            }
            nodeIds.put(node, nodeList.size());
            nodeList.add(node);
            if (node.redirect != null) {
                pending.add(node.redirect);
            }
            for (Input input : node.links) {
                if (!inputIds.containsKey(input)) {
                    inputIds.put(input, inputList.size());
                    inputList.add(input);
                }
            }
        }
        for (Input input : inputs.values()) {
            if (!inputIds.containsKey(input)) {
                inputIds.put(input, inputList.size());
                inputList.add(input);
            }
        }
        out.writeInt(inputList.size());
        for (Input input : inputList) {
            writeKey(out, input.key);
            out.writeBoolean(input.alias);
            writeInts(out, input.ids, input.ids.length);
        }
        Set<Input> registered = Collections.newSetFromMap(new IdentityHashMap<>());
        registered.addAll(inputs.values());
        for (Input input : inputList) {
            out.writeBoolean(registered.contains(input));
        }
        out.writeInt(nodeList.size());
        for (Node node : nodeList) {
            out.writeLong(node.id);
            out.writeBoolean(node.alive);
            out.writeInt(node.redirect == null ? -1 : nodeIds.get(node.redirect));
            writeInts(out, node.ids, node.size);
            writeKey(out, node.first);
            writeKey(out, node.maxLink);
            out.writeBoolean(node.maxRefusal != null);
            if (node.maxRefusal != null) {
                writeKey(out, node.maxRefusal);
            }
            out.writeInt(node.merges);
            out.writeInt(node.links.size());
            for (Input input : node.links) {
                out.writeInt(inputIds.get(input));
            }
        }
        out.writeInt(profiles.size());
        for (Map.Entry<Long, Node> entry : profiles.entrySet()) {
            out.writeLong(entry.getKey());
            out.writeInt(nodeIds.get(entry.getValue()));
        }
        out.writeInt(mentions.size());
        for (Map.Entry<Integer, List<Node>> entry : mentions.entrySet()) {
            out.writeInt(entry.getKey());
            out.writeInt(entry.getValue().size());
            for (Node node : entry.getValue()) {
                out.writeInt(nodeIds.get(node));
            }
        }
        out.writeInt(apart.size());
        for (Map.Entry<Integer, Set<Integer>> entry : apart.entrySet()) {
            out.writeInt(entry.getKey());
            int[] others = entry.getValue().stream().mapToInt(Integer::intValue).toArray();
            writeInts(out, others, others.length);
        }
        out.writeLong(nextId);
    }

    /**
     * Restores a graph written by {@link #write} under the same rules.
     *
     * @throws IOException if the data is corrupt or from another version
     */
    public static IdentityGraph read(IdentityRules rules, DataInput in) throws IOException {
        int version = in.readInt();
        if (version != SNAPSHOT_VERSION) {
            throw new IOException("identity snapshot version " + version + " is not supported (expected " + SNAPSHOT_VERSION + ")");
        }
        IdentityGraph graph = new IdentityGraph(rules);
        Map<String, IdentifierType> types = rules.typesByName();
        int identifiers = in.readInt();
        for (int i = 0; i < identifiers; i++) {
            if (in.readBoolean()) {
                String typeName = in.readUTF();
                IdentifierType type = types.get(typeName);
                if (type == null) {
                    throw new IOException("the snapshot has identifier type '" + typeName + "', which the rules no longer declare");
                }
                graph.intern(new Identifier(type, in.readUTF()));
            } else {
                graph.values.add(null);
                graph.ensureCapacity(graph.values.size());
            }
        }
        int inputCount = in.readInt();
        Input[] inputs = new Input[inputCount];
        for (int i = 0; i < inputCount; i++) {
            LinkKey key = readKey(in);
            boolean alias = in.readBoolean();
            inputs[i] = new Input(key, readInts(in), alias);
        }
        for (Input input : inputs) {
            if (in.readBoolean()) {
                graph.inputs.put(input, input);
            }
        }
        int nodeCount = in.readInt();
        Node[] nodes = new Node[nodeCount];
        int[] redirects = new int[nodeCount];
        for (int i = 0; i < nodeCount; i++) {
            long id = in.readLong();
            boolean alive = in.readBoolean();
            redirects[i] = in.readInt();
            int[] ids = readInts(in);
            LinkKey first = readKey(in);
            Node node = new Node(id, graph.limits.length, first);
            node.maxLink = readKey(in);
            node.maxRefusal = in.readBoolean() ? readKey(in) : null;
            node.merges = in.readInt();
            int links = in.readInt();
            node.links = alive ? new ArrayList<>(links) : List.of();
            for (int l = 0; l < links; l++) {
                Input input = inputs[in.readInt()];
                if (alive) {
                    node.links.add(input);
                }
            }
            node.alive = alive;
            node.ids = new int[Math.max(2, ids.length)];
            if (alive) {
                for (int x : ids) {
                    graph.add(node, x);
                }
                graph.alive++;
            } else {
                node.ids = new int[0];
            }
            nodes[i] = node;
        }
        for (int i = 0; i < nodeCount; i++) {
            nodes[i].redirect = redirects[i] < 0 ? null : nodes[redirects[i]];
        }
        int profileCount = in.readInt();
        for (int i = 0; i < profileCount; i++) {
            graph.profiles.put(in.readLong(), nodes[in.readInt()]);
        }
        int mentionCount = in.readInt();
        for (int i = 0; i < mentionCount; i++) {
            int x = in.readInt();
            int size = in.readInt();
            List<Node> list = new ArrayList<>(size);
            for (int j = 0; j < size; j++) {
                list.add(nodes[in.readInt()]);
            }
            graph.mentions.put(x, list);
        }
        int apartCount = in.readInt();
        for (int i = 0; i < apartCount; i++) {
            int x = in.readInt();
            Set<Integer> others = new HashSet<>();
            for (int other : readInts(in)) {
                others.add(other);
            }
            graph.apart.put(x, others);
        }
        graph.nextId = in.readLong();
        return graph;
    }

    private static final int SNAPSHOT_VERSION = 1;

    private static void writeKey(DataOutput out, LinkKey key) throws IOException {
        out.writeLong(key.micros());
        out.writeLong(key.tie());
    }

    private static LinkKey readKey(DataInput in) throws IOException {
        return new LinkKey(in.readLong(), in.readLong());
    }

    private static void writeInts(DataOutput out, int[] values, int count) throws IOException {
        out.writeInt(count);
        for (int i = 0; i < count; i++) {
            out.writeInt(values[i]);
        }
    }

    private static int[] readInts(DataInput in) throws IOException {
        int[] values = new int[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    private Input intern(Link link) {
        int[] ids = new int[link.identifiers().size()];
        int count = 0;
        for (Identifier identifier : link.identifiers()) {
            int id = intern(identifier);
            boolean seen = false;
            for (int i = 0; i < count; i++) {
                seen |= ids[i] == id;
            }
            if (!seen) {
                ids[count++] = id;
            }
        }
        return new Input(link.key(), rankOrder(Arrays.copyOf(ids, count), link.alias()), link.alias());
    }

    /**
     * Sorts ids by rank, then value, so the order does not depend on how the event listed them; an
     * alias keeps its target first.
     */
    private int[] rankOrder(int[] ordered, boolean alias) {
        int from = alias && ordered.length > 0 ? 1 : 0;
        // insertion sort: links have a handful of identifiers
        for (int i = from + 1; i < ordered.length; i++) {
            int id = ordered[i];
            int j = i - 1;
            while (j >= from && before(id, ordered[j])) {
                ordered[j + 1] = ordered[j];
                j--;
            }
            ordered[j + 1] = id;
        }
        return ordered;
    }

    private boolean before(int a, int b) {
        return rankOf[a] != rankOf[b] ? rankOf[a] < rankOf[b] : values.get(a).value().compareTo(values.get(b).value()) < 0;
    }

    /** The id of {@code identifier}, or -1. */
    private int find(Identifier identifier) {
        int mask = table.length - 1;
        int slot = slot(identifier.hashCode());
        while (true) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            if (entry > 0 && values.get(entry - 1).equals(identifier)) {
                return entry - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private void index(int id) {
        if ((tableUsed + 1) * 2 > table.length) {
            int[] old = table;
            table = new int[old.length * 2];
            tableUsed = 0;
            for (int entry : old) {
                if (entry > 0) {
                    place(entry - 1);
                }
            }
        }
        place(id);
    }

    private void place(int id) {
        int mask = table.length - 1;
        int slot = slot(values.get(id).hashCode());
        while (table[slot] > 0) {
            slot = (slot + 1) & mask;
        }
        if (table[slot] == 0) {
            tableUsed++;
        }
        table[slot] = id + 1;
    }

    private void unindex(Identifier identifier) {
        int mask = table.length - 1;
        int slot = slot(identifier.hashCode());
        while (table[slot] != 0) {
            if (table[slot] > 0 && values.get(table[slot] - 1).equals(identifier)) {
                table[slot] = -1;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** Fibonacci hashing: the top bits of hash x 2^32/phi pick the slot (the table's size is a power of two). */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(table.length));
    }

    private void ensureCapacity(int size) {
        if (size > owner.length) {
            owner = Arrays.copyOf(owner, Math.max(size, owner.length * 2));
            rankOf = Arrays.copyOf(rankOf, owner.length);
        }
    }

    private int intern(Identifier identifier) {
        int known = find(identifier);
        if (known >= 0) {
            return known;
        }
        int rank = rules.rank(identifier.type());
        int id = values.size();
        values.add(identifier);
        index(id);
        ensureCapacity(id + 1);
        rankOf[id] = (byte) rank;
        return id;
    }

    /** The live profile a node is or was merged into, or {@code null} if its identifiers all went elsewhere. */
    private static Node root(Node node) {
        Node current = node;
        while (current != null && !current.alive) {
            current = current.redirect;
        }
        return current;
    }

    private Set<Node> involved(int[] ids) {
        Set<Node> involved = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int id : ids) {
            if (owner[id] != null) {
                involved.add(owner[id]);
            }
            List<Node> mentioned = mentions.get(id);
            if (mentioned != null) {
                for (Node node : mentioned) {
                    Node live = root(node);
                    if (live != null) {
                        involved.add(live);
                    }
                }
            }
        }
        return involved;
    }

    /**
     * Whether {@code in} is a single identifier that was already in the graph at {@code key}: an
     * earlier link held it and it was never dropped from any link (so it has been owned since that
     * link). Such a link can merge, add or refuse nothing whenever it comes, so its lateness
     * needs no recomputation — the common case of imported rows that carry only a customer id.
     */
    private boolean knownBefore(Input in, LinkKey key) {
        if (in.alias || in.ids.length != 1) {
            return false;
        }
        int id = in.ids[0];
        Node node = owner[id];
        if (node == null || mentions.containsKey(id)) {
            return false;
        }
        for (Input link : node.links) {
            if (link != in && !key.isBefore(link.key)) {
                for (int other : link.ids) {
                    if (other == id) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static boolean laterRefusal(Set<Node> involved, LinkKey key) {
        for (Node node : involved) {
            if (node.maxRefusal != null && key.isBefore(node.maxRefusal)) {
                return true;
            }
        }
        return false;
    }

    /** Whether applying {@code in} could refuse anything: whether all it touches together would break a rule. */
    private boolean mightRefuse(Input in, Set<Node> involved) {
        int[] counts = new int[limits.length];
        int merges = 0;
        Set<Integer> union = new HashSet<>();
        for (Node node : involved) {
            for (int r = 0; r < counts.length; r++) {
                counts[r] += node.counts[r];
            }
            merges += node.merges;
            for (int i = 0; i < node.size; i++) {
                union.add(node.ids[i]);
            }
        }
        for (int id : in.ids()) {
            if (owner[id] == null && union.add(id)) {
                counts[rankOf[id]]++;
            }
        }
        if (merges + Math.max(0, involved.size() - 1) > rules.maxMerges()) {
            return true;
        }
        // no exemption for an alias here: a late alias that joins two user ids changes how later
        // links resolve, so it is recomputed
        for (int r = 0; r < counts.length; r++) {
            if (counts[r] > limits[r]) {
                return true;
            }
        }
        if (!apart.isEmpty()) {
            for (int id : union) {
                Set<Integer> others = apart.get(id);
                if (others != null) {
                    for (int other : others) {
                        if (union.contains(other)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Applies one link to the current state, as if it were the latest in canonical order. */
    private void applySequentially(Input in, Audit audit) {
        Node current = null;
        List<Node> touched = new ArrayList<>(2);
        boolean refused = false;
        for (int id : in.ids()) {
            Node held = owner[id];
            if (current == null) {
                if (held != null) {
                    current = held;
                } else {
                    Node host = firstOwner(in.ids());
                    if (host != null && addRefusal(host, id, in.alias()) == null) {
                        current = host;
                    } else {
                        current = create(in.key(), audit);
                    }
                    add(current, id);
                }
                touched.add(current);
                continue;
            }
            if (held == current) {
                continue;
            }
            if (held != null) {
                touched.add(held);
                Rule rule = mergeRefusal(current, held, in.alias());
                if (rule == null) {
                    current = merge(current, held, id, audit);
                } else {
                    audit.refusals.add(new Resolution.Refusal(new ProfileId(current.id), values.get(id), new ProfileId(held.id), rule));
                    refused = true;
                }
            } else {
                Rule rule = addRefusal(current, id, in.alias());
                if (rule == null) {
                    add(current, id);
                } else {
                    audit.refusals.add(new Resolution.Refusal(new ProfileId(current.id), values.get(id), null, rule));
                    mentions.computeIfAbsent(id, k -> new ArrayList<>(1)).add(current);
                    refused = true;
                }
            }
        }
        // every distinct set is kept with the profiles it touched, so a recomputation replays all of them
        Set<Node> roots = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node node : touched) {
            Node live = root(node);
            if (live != null) {
                roots.add(live);
            }
        }
        for (Node node : roots) {
            if (in.key().isBefore(node.first)) {
                node.first = in.key();
            }
            if (!node.links.contains(in)) {
                node.links.add(in);
            }
            if (node.maxLink.isBefore(in.key())) {
                node.maxLink = in.key();
            }
            if (refused && (node.maxRefusal == null || node.maxRefusal.isBefore(in.key()))) {
                node.maxRefusal = in.key();
            }
        }
    }

    /** The profile of the first owned identifier of a link, or {@code null}. */
    private Node firstOwner(int[] ids) {
        for (int id : ids) {
            if (owner[id] != null) {
                return owner[id];
            }
        }
        return null;
    }

    private Node create(LinkKey key, Audit audit) {
        Node node = new Node(nextId++, limits.length, key);
        profiles.put(node.id, node);
        alive++;
        audit.created = true;
        if (audit.createdNodes != null) {
            audit.createdNodes.add(node);
        }
        return node;
    }

    private void add(Node node, int id) {
        if (node.size == node.ids.length) {
            node.ids = Arrays.copyOf(node.ids, node.size * 2);
        }
        node.ids[node.size++] = id;
        node.counts[rankOf[id]]++;
        owner[id] = node;
    }

    private Rule addRefusal(Node node, int id, boolean alias) {
        if (isApart(id, node)) {
            return Rule.SEPARATED;
        }
        int rank = rankOf[id];
        if (rank == userRank && alias) {
            return null;
        }
        if (node.counts[rank] + 1 > limits[rank]) {
            return rank == userRank ? Rule.USER_ID_CONFLICT : Rule.LIMIT;
        }
        return null;
    }

    private Rule mergeRefusal(Node a, Node b, boolean alias) {
        for (int i = 0; i < b.size; i++) {
            if (isApart(b.ids[i], a)) {
                return Rule.SEPARATED;
            }
        }
        if (!alias && userRank >= 0 && a.counts[userRank] > 0 && b.counts[userRank] > 0) {
            return Rule.USER_ID_CONFLICT;
        }
        for (int r = 0; r < limits.length; r++) {
            if (a.counts[r] + b.counts[r] > limits[r] && !(alias && r == userRank)) {
                return Rule.LIMIT;
            }
        }
        if (a.merges + b.merges + 1 > rules.maxMerges()) {
            return Rule.MERGE_CAP;
        }
        return null;
    }

    private boolean isApart(int id, Node node) {
        Set<Integer> others = apart.get(id);
        if (others == null) {
            return false;
        }
        for (int i = 0; i < node.size; i++) {
            if (others.contains(node.ids[i])) {
                return true;
            }
        }
        return false;
    }

    /** Merges two profiles; the older survives. Returns the survivor. */
    private Node merge(Node a, Node b, int via, Audit audit) {
        boolean aOlder = a.first.compareTo(b.first) < 0 || a.first.equals(b.first) && a.id < b.id;
        Node survivor = aOlder ? a : b;
        Node absorbed = aOlder ? b : a;
        for (int i = 0; i < absorbed.size; i++) {
            add(survivor, absorbed.ids[i]);
        }
        for (Input link : absorbed.links) {
            if (!survivor.links.contains(link)) {
                survivor.links.add(link);
            }
        }
        if (absorbed.first.isBefore(survivor.first)) {
            survivor.first = absorbed.first;
        }
        if (survivor.maxLink.isBefore(absorbed.maxLink)) {
            survivor.maxLink = absorbed.maxLink;
        }
        if (absorbed.maxRefusal != null && (survivor.maxRefusal == null || survivor.maxRefusal.isBefore(absorbed.maxRefusal))) {
            survivor.maxRefusal = absorbed.maxRefusal;
        }
        survivor.merges += absorbed.merges + 1;
        kill(absorbed, survivor);
        audit.merges.add(new Resolution.Merge(new ProfileId(survivor.id), new ProfileId(absorbed.id), values.get(via)));
        return survivor;
    }

    private void kill(Node node, Node redirect) {
        node.alive = false;
        node.redirect = redirect;
        node.ids = new int[0];
        node.size = 0;
        node.links = List.of();
        alive--;
    }

    /** All profiles connected to {@code start} through the identifiers of the links they keep. */
    private Set<Node> closure(Set<Node> start) {
        Set<Node> region = new LinkedHashSet<>();
        Deque<Node> queue = new ArrayDeque<>();
        for (Node node : start) {
            Node live = root(node);
            if (region.add(live)) {
                queue.add(live);
            }
        }
        while (!queue.isEmpty()) {
            Node node = queue.poll();
            for (Input link : node.links) {
                for (int id : link.ids()) {
                    if (owner[id] != null && region.add(owner[id])) {
                        queue.add(owner[id]);
                    }
                    List<Node> mentioned = mentions.get(id);
                    if (mentioned != null) {
                        for (Node other : mentioned) {
                            Node live = root(other);
                            if (live != null && region.add(live)) {
                                queue.add(live);
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < node.size; i++) {
                Node holder = owner[node.ids[i]];
                if (holder != null && region.add(holder)) {
                    queue.add(holder);
                }
            }
        }
        return region;
    }

    /** Recomputes the profiles connected to {@code involved} from their links and {@code extra}, in canonical order. */
    private Resolution.Resolved recompute(Set<Node> involved, Input extra) {
        Set<Node> region = closure(involved);
        Map<Input, Boolean> unique = new LinkedHashMap<>();
        for (Node node : region) {
            for (Input link : node.links) {
                unique.put(link, Boolean.TRUE);
            }
        }
        if (extra != null) {
            unique.put(extra, Boolean.TRUE);
        }
        List<Input> replay = new ArrayList<>(unique.keySet());
        replay.sort(Comparator.comparing(Input::key));
        Set<ProfileId> before = new LinkedHashSet<>();
        List<Node> old = new ArrayList<>(region);
        old.sort(Comparator.comparing((Node node) -> node.first).thenComparingLong(node -> node.id));
        Map<Node, Integer> oldTop = new IdentityHashMap<>();
        for (Node node : old) {
            before.add(new ProfileId(node.id));
            int top = node.ids[0];
            for (int i = 1; i < node.size; i++) {
                if (rankOf[node.ids[i]] < rankOf[top]) {
                    top = node.ids[i];
                }
            }
            oldTop.put(node, top);
            for (int i = 0; i < node.size; i++) {
                owner[node.ids[i]] = null;
            }
        }
        Set<Node> regionSet = Collections.newSetFromMap(new IdentityHashMap<>());
        regionSet.addAll(region);
        for (Input link : replay) {
            for (int id : link.ids()) {
                List<Node> mentioned = mentions.get(id);
                if (mentioned != null) {
                    mentioned.removeIf(node -> root(node) == null || regionSet.contains(root(node)));
                    if (mentioned.isEmpty()) {
                        mentions.remove(id);
                    }
                }
            }
        }
        for (Node node : old) {
            node.alive = false;
            node.ids = new int[0];
            node.size = 0;
            node.links = List.of();
            alive--;
        }
        List<Node> created = new ArrayList<>();
        Audit extraAudit = new Audit(created);
        for (Input link : replay) {
            applySequentially(link, link == extra ? extraAudit : new Audit(created));
        }
        List<Node> fresh = new ArrayList<>();
        for (Node node : created) {
            if (node.alive) {
                fresh.add(node);
            }
        }
        fresh.sort(Comparator.comparing((Node node) -> node.first).thenComparingLong(node -> node.id));
        Set<Long> reused = new HashSet<>();
        for (Node node : fresh) {
            for (Node previous : old) {
                if (!reused.contains(previous.id) && owner[oldTop.get(previous)] == node) {
                    profiles.remove(node.id);
                    node.id = previous.id;
                    profiles.put(node.id, node);
                    reused.add(previous.id);
                    break;
                }
            }
        }
        Set<ProfileId> after = new LinkedHashSet<>();
        for (Node node : fresh) {
            after.add(new ProfileId(node.id));
        }
        for (Node previous : old) {
            previous.redirect = owner[oldTop.get(previous)];
            if (!reused.contains(previous.id) && previous.redirect == null) {
                profiles.remove(previous.id);
            }
        }
        Resolution.Recomputed recomputed = new Resolution.Recomputed(before, after);
        if (extra == null) {
            return new Resolution.Resolved(fresh.isEmpty() ? before.iterator().next() : new ProfileId(fresh.get(0).id), false, List.of(),
                    List.of(), recomputed);
        }
        return resolved(extra, extraAudit, recomputed);
    }

    private Resolution.Resolved resolved(Input in, Audit audit, Resolution.Recomputed recomputed) {
        Node node = owner[in.ids()[0]];
        return new Resolution.Resolved(new ProfileId(node.id), audit.created, audit.merges, audit.refusals, recomputed);
    }
}
