package io.percept.platform;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encryption at rest of personal data with AES-256-GCM (issue 11). A value is sealed as
 * {@code enc1:<key id>:<base64url(iv | ciphertext | tag)>} with a random 96-bit IV, or — where
 * the store must find it by equality (identifiers) — deterministically as {@code det1:...}, whose
 * IV is an HMAC-SHA256 of the value (a synthetic IV: equal values give equal ciphertexts, and
 * nothing else is revealed). Files (the profile snapshot) are sealed in 1 MiB chunks. The key id
 * (8 hex digits derived from the key) names the key, so that rotation can be added later.
 *
 * <p>{@link #none()} is the cipher of a store without encryption: it passes values through and
 * refuses sealed ones. Thread-safe. The key never leaves this object ({@link #toString()} shows
 * only its id).
 */
public final class PiiCipher {

    /** Trait names sealed by default (compared in lower case). */
    public static final Set<String> DEFAULT_FIELDS = Set.of("email", "phone", "mobile", "name", "first_name", "last_name", "firstname",
            "lastname", "address", "street", "postal_code", "zip", "birthday");

    private static final String RANDOM = "enc1:";
    private static final String DETERMINISTIC = "det1:";
    /** A sealed value whose plaintext is JSON (an object, a number), not a string. */
    private static final String RANDOM_JSON = "encj1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int CHUNK = 1 << 20;
    private static final byte[] STREAM_MAGIC = "PERCEPT-SEALED-1".getBytes(StandardCharsets.US_ASCII);
    private static final PiiCipher NONE = new PiiCipher(null, null, null, Set.of());

    private final SecretKeySpec aesKey;
    private final SecretKeySpec ivKey;
    private final String keyId;
    private final Set<String> fields;
    /** Per-thread JCE objects: looking a cipher up costs more than encrypting a short value with it. */
    private final ThreadLocal<Worker> workers = ThreadLocal.withInitial(this::newWorker);

    private static final class Worker {

        final Cipher encrypt;
        final Cipher decrypt;
        final Mac mac;
        final SecureRandom random;
        /** The JDK refuses to encrypt twice in a row with one IV; a deterministic seal of the same value repeats the last result. */
        byte[] lastIv;
        byte[] lastPlaintext;
        String lastSealed;

        Worker(Cipher encrypt, Cipher decrypt, Mac mac, SecureRandom random) {
            this.encrypt = encrypt;
            this.decrypt = decrypt;
            this.mac = mac;
            this.random = random;
        }
    }

    private Worker newWorker() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(ivKey);
            return new Worker(Cipher.getInstance("AES/GCM/NoPadding"), Cipher.getInstance("AES/GCM/NoPadding"), mac,
                    SecureRandom.getInstance("DRBG"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM, HmacSHA256 or DRBG is not available", e);
        }
    }

    private PiiCipher(SecretKeySpec aesKey, SecretKeySpec ivKey, String keyId, Set<String> fields) {
        this.aesKey = aesKey;
        this.ivKey = ivKey;
        this.keyId = keyId;
        this.fields = fields;
    }

    /** The cipher of a store without encryption. */
    public static PiiCipher none() {
        return NONE;
    }

    /**
     * The cipher for {@code base64Key} (a base64 256-bit key, e.g. from {@code openssl rand -base64 32}),
     * sealing the traits named {@code fields}; {@link #none()} when the key is blank.
     *
     * @throws EncryptionKeyException if the key is not base64 or not 32 bytes (the message never contains it)
     */
    public static PiiCipher of(String base64Key, Collection<String> fields) {
        if (base64Key == null || base64Key.isBlank()) {
            return NONE;
        }
        byte[] master;
        try {
            master = Base64.getDecoder().decode(base64Key.strip());
        } catch (IllegalArgumentException e) {
            throw new EncryptionKeyException("The encryption key (PERCEPT_ENCRYPTION_KEY) is not valid base64; generate one with "
                    + "'openssl rand -base64 32'");
        }
        if (master.length != 32) {
            throw new EncryptionKeyException("The encryption key (PERCEPT_ENCRYPTION_KEY) must be 256 bits (32 bytes, 44 base64 "
                    + "characters), it has " + master.length + " bytes; generate one with 'openssl rand -base64 32'");
        }
        try {
            SecretKeySpec aes = new SecretKeySpec(derive(master, "percept/pii/aes"), "AES");
            SecretKeySpec iv = new SecretKeySpec(derive(master, "percept/pii/synthetic-iv"), "HmacSHA256");
            String id = HexFormat.of().formatHex(derive(master, "percept/pii/key-id"), 0, 4);
            Set<String> lower = fields.stream().map(field -> field.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            return new PiiCipher(aes, iv, id, lower);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
    }

    private static byte[] derive(byte[] master, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public boolean enabled() {
        return aesKey != null;
    }

    /** The key's id (8 hex digits), {@code null} without encryption. */
    public String keyId() {
        return keyId;
    }

    /** Whether trait {@code name} is sealed at rest (always false without encryption). */
    public boolean isPersonal(String name) {
        return enabled() && name != null && fields.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code value} is a sealed value (of any key). */
    public static boolean isSealed(String value) {
        return value != null && (value.startsWith(RANDOM) || value.startsWith(DETERMINISTIC) || value.startsWith(RANDOM_JSON));
    }

    /** {@code plaintext} sealed with a random IV; as it is without encryption or when {@code null}. */
    public String seal(String plaintext) {
        if (!enabled() || plaintext == null) {
            return plaintext;
        }
        Worker worker = workers.get();
        byte[] iv = new byte[IV_BYTES];
        worker.random.nextBytes(iv);
        return RANDOM + keyId + ':' + encrypt(worker, iv, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code plaintext} sealed deterministically (equal values, equal results), for values the store
     * looks up by equality; as it is without encryption or when {@code null}.
     */
    public String sealDeterministic(String plaintext) {
        if (!enabled() || plaintext == null) {
            return plaintext;
        }
        Worker worker = workers.get();
        byte[] bytes = plaintext.getBytes(StandardCharsets.UTF_8);
        byte[] iv = Arrays.copyOf(worker.mac.doFinal(bytes), IV_BYTES);
        return DETERMINISTIC + keyId + ':' + encrypt(worker, iv, bytes);
    }

    private String encrypt(Worker worker, byte[] iv, byte[] plaintext) {
        if (Arrays.equals(iv, worker.lastIv) && Arrays.equals(plaintext, worker.lastPlaintext)) {
            return worker.lastSealed;
        }
        try {
            Cipher cipher = Arrays.equals(iv, worker.lastIv) ? Cipher.getInstance("AES/GCM/NoPadding") : worker.encrypt;
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = new byte[IV_BYTES + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            cipher.doFinal(plaintext, 0, plaintext.length, sealed, IV_BYTES);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
            if (cipher == worker.encrypt) {
                worker.lastIv = iv;
                worker.lastPlaintext = plaintext;
                worker.lastSealed = text;
            }
            return text;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * The plaintext of a value sealed by {@link #seal} or {@link #sealDeterministic}; any other value
     * as it is.
     *
     * @throws EncryptionKeyException if the value was sealed with another key, or is sealed and
     *                                there is no key, or fails authentication
     */
    public String open(String value) {
        if (value == null) {
            return null;
        }
        String body;
        if (value.startsWith(RANDOM)) {
            body = value.substring(RANDOM.length());
        } else if (value.startsWith(DETERMINISTIC)) {
            body = value.substring(DETERMINISTIC.length());
        } else if (value.startsWith(RANDOM_JSON)) {
            body = value.substring(RANDOM_JSON.length());
        } else {
            return value;
        }
        int colon = body.indexOf(':');
        String id = colon > 0 ? body.substring(0, colon) : "?";
        if (!enabled()) {
            throw new EncryptionKeyException("Found a value encrypted with key " + id + " but no encryption key is set "
                    + "(PERCEPT_ENCRYPTION_KEY)");
        }
        if (!id.equals(keyId)) {
            throw new EncryptionKeyException("Found a value encrypted with key " + id + ", but the key set has id " + keyId);
        }
        try {
            byte[] sealed = Base64.getUrlDecoder().decode(body.substring(colon + 1));
            Cipher cipher = workers.get().decrypt;
            cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            return new String(cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new EncryptionKeyException("An encrypted value fails authentication (key " + keyId + "): it was changed or damaged");
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new EncryptionKeyException("An encrypted value cannot be decrypted: " + e.getMessage());
        }
    }

    /**
     * {@code traits} with the personal ones sealed: strings with {@link #seal}, other values (an
     * address object, a number) as their JSON. The same map when nothing is personal.
     */
    public Map<String, Object> sealTraits(Map<String, Object> traits) {
        if (!enabled() || traits.isEmpty()) {
            return traits;
        }
        Map<String, Object> sealed = null;
        for (Map.Entry<String, Object> entry : traits.entrySet()) {
            Object value = entry.getValue();
            if (value != null && isPersonal(entry.getKey())) {
                if (sealed == null) {
                    sealed = new LinkedHashMap<>(traits);
                }
                sealed.put(entry.getKey(), value instanceof String text ? seal(text)
                        : RANDOM_JSON + seal(JsonText.of(value)).substring(RANDOM.length()));
            }
        }
        return sealed == null ? traits : sealed;
    }

    /** {@code traits} with every sealed value opened (the inverse of {@link #sealTraits}); the same map when none is sealed. */
    public Map<String, Object> openTraits(Map<String, Object> traits) {
        Map<String, Object> opened = null;
        for (Map.Entry<String, Object> entry : traits.entrySet()) {
            if (entry.getValue() instanceof String text && isSealed(text)) {
                if (opened == null) {
                    opened = new LinkedHashMap<>(traits);
                }
                String plain = open(text);
                opened.put(entry.getKey(), text.startsWith(RANDOM_JSON) ? JsonValues.parse(plain.getBytes(StandardCharsets.UTF_8)) : plain);
            }
        }
        return opened == null ? traits : opened;
    }

    /** {@code out} sealing what is written to it in chunks (closing it closes {@code out}); {@code out} itself without encryption. */
    public OutputStream sealing(OutputStream out) throws IOException {
        if (!enabled()) {
            return out;
        }
        out.write(STREAM_MAGIC);
        out.write(keyId.getBytes(StandardCharsets.US_ASCII));
        return new SealingStream(out);
    }

    /**
     * {@code in} opened: the plaintext of a stream written through {@link #sealing}; {@code in}
     * itself without encryption.
     *
     * @throws IOException if the stream is not sealed, was sealed with another key, is truncated or was changed
     */
    public InputStream opening(InputStream in) throws IOException {
        if (!enabled()) {
            return in;
        }
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[STREAM_MAGIC.length + 8];
        try {
            data.readFully(header);
        } catch (EOFException e) {
            throw new IOException("the file is not encrypted (shorter than the header)");
        }
        if (!Arrays.equals(header, 0, STREAM_MAGIC.length, STREAM_MAGIC, 0, STREAM_MAGIC.length)) {
            throw new IOException("the file is not encrypted");
        }
        String id = new String(header, STREAM_MAGIC.length, 8, StandardCharsets.US_ASCII);
        if (!id.equals(keyId)) {
            throw new IOException("the file was encrypted with key " + id + ", the key set has id " + keyId);
        }
        return new OpeningStream(data);
    }

    /** Chunk {@code index}'s additional data: its number and whether it is the last, so chunks cannot be reordered or dropped. */
    private static byte[] chunkAad(long index, boolean last) {
        return ByteBuffer.allocate(9).putLong(index).put((byte) (last ? 1 : 0)).array();
    }

    private final class SealingStream extends FilterOutputStream {

        private final byte[] buffer = new byte[CHUNK];
        private int filled;
        private long index;
        private boolean closed;

        SealingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == CHUNK) {
                flushChunk(false);
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == CHUNK) {
                    flushChunk(false);
                }
                int n = Math.min(length, CHUNK - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        @Override
        public void flush() {
            // chunks are written whole; close() writes the last one
        }

        private void flushChunk(boolean last) throws IOException {
            byte[] iv = new byte[IV_BYTES];
            workers.get().random.nextBytes(iv);
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
                cipher.updateAAD(chunkAad(index++, last));
                byte[] sealed = cipher.doFinal(buffer, 0, filled);
                out.write(iv);
                out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
                out.write(sealed);
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("AES-GCM encryption failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            flushChunk(true);
            out.close();
        }
    }

    private final class OpeningStream extends InputStream {

        private final DataInputStream in;
        private byte[] chunk = new byte[0];
        private int position;
        private long index;
        private boolean last;

        OpeningStream(DataInputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            while (position == chunk.length) {
                if (last) {
                    return false;
                }
                byte[] iv = new byte[IV_BYTES];
                int length;
                try {
                    in.readFully(iv);
                    length = in.readInt();
                } catch (EOFException e) {
                    throw new IOException("the encrypted file is truncated");
                }
                if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
                    throw new IOException("the encrypted file is damaged (chunk of " + length + " bytes)");
                }
                byte[] sealed = new byte[length];
                in.readFully(sealed);
                chunk = openChunk(iv, sealed);
                position = 0;
            }
            return true;
        }

        private byte[] openChunk(byte[] iv, byte[] sealed) throws IOException {
            for (boolean isLast : new boolean[] {false, true}) {
                try {
                    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                    cipher.init(Cipher.DECRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, iv));
                    cipher.updateAAD(chunkAad(index, isLast));
                    byte[] plain = cipher.doFinal(sealed);
                    index++;
                    last = isLast;
                    return plain;
                } catch (AEADBadTagException e) {
                    // try the other flag; both failing means the chunk was changed
                } catch (GeneralSecurityException e) {
                    throw new IOException("AES-GCM decryption failed", e);
                }
            }
            throw new IOException("the encrypted file fails authentication at chunk " + index + ": it was changed or damaged");
        }

        @Override
        public int read() throws IOException {
            return fill() ? chunk[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(length, chunk.length - position);
            System.arraycopy(chunk, position, bytes, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public String toString() {
        return enabled() ? "PiiCipher[AES-256-GCM, key " + keyId + ", fields " + fields.size() + "]" : "PiiCipher[none]";
    }
}
