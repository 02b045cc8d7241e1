package io.percept.ingest.connectors;

import io.percept.ingest.domain.mapping.InvalidMappingException;
import io.percept.ingest.imports.MappingDocuments;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a source's webhook deliveries become events: a mapping document as for imports (columns
 * are keys, dotted paths or JSONPath expressions into each record), plus
 * <ul>
 * <li>{@code records}: a JSONPath picking the records out of a delivery (default: the delivery
 * itself, or each element when it is an array);</li>
 * <li>{@code signature}: an optional HMAC check of the body, with {@code secret}, {@code header}
 * (default {@code X-Percept-Signature}), {@code algorithm} ({@code sha256}, the default,
 * {@code sha1} or {@code sha512}) and {@code prefix} (text before the digest, e.g.
 * {@code sha256=}); the digest may be hex or base64.</li>
 * </ul>
 *
 * @param mapper    the records' mapping
 * @param signature the signature check, or {@code null}
 * @param document  the document as given
 */
public record WebhookSpec(RecordMapper mapper, Signature signature, String document) {

    /** The header a signature is read from unless the document names another. */
    public static final String DEFAULT_SIGNATURE_HEADER = "X-Percept-Signature";

    /**
     * Parses and checks a webhook document (YAML or JSON).
     *
     * @throws InvalidMappingException naming what is wrong
     */
    public static WebhookSpec parse(String text) {
        Map<String, Object> document = new LinkedHashMap<>(MappingDocuments.document(text, "the webhook document"));
        Object records = document.remove("records");
        if (records != null && !(records instanceof String)) {
            throw new InvalidMappingException("records", "must be a JSONPath expression such as $.comments[*]");
        }
        if (records != null) {
            RecordMapper.records((String) records);
        }
        Signature signature = document.containsKey("signature") ? Signature.parse(document.remove("signature")) : null;
        RecordMapper mapper = new RecordMapper(MappingDocuments.parse(document, "the webhook document"), (String) records, "webhook-");
        return new WebhookSpec(mapper, signature, text);
    }

    /**
     * @param header    the request header carrying the signature
     * @param algorithm the JCA name of the MAC, e.g. {@code HmacSHA256}
     * @param prefix    text before the digest in the header, e.g. {@code sha256=}; may be empty
     * @param secret    the shared secret
     */
    public record Signature(String header, String algorithm, String prefix, byte[] secret) {

        private static final Map<String, String> ALGORITHMS = Map.of("sha256", "HmacSHA256", "sha1", "HmacSHA1", "sha512", "HmacSHA512");

        static Signature parse(Object value) {
            if (!(value instanceof Map<?, ?> map)) {
                throw new InvalidMappingException("signature", "must be an object with secret, and optionally header, algorithm and prefix");
            }
            for (Object key : map.keySet()) {
                if (!Set.of("secret", "header", "algorithm", "prefix").contains(String.valueOf(key))) {
                    throw new InvalidMappingException("signature." + key, "is not a setting (secret, header, algorithm, prefix)");
                }
            }
            Object secret = map.get("secret");
            if (!(secret instanceof String text) || text.length() < 16) {
                throw new InvalidMappingException("signature.secret", "must be text of at least 16 characters");
            }
            String algorithm = String.valueOf(map.get("algorithm") == null ? "sha256" : map.get("algorithm")).toLowerCase(Locale.ROOT);
            if (!ALGORITHMS.containsKey(algorithm)) {
                throw new InvalidMappingException("signature.algorithm", "'" + algorithm + "' is not one of sha256, sha1, sha512");
            }
            String header = map.get("header") == null ? DEFAULT_SIGNATURE_HEADER : String.valueOf(map.get("header"));
            if (!header.matches("[A-Za-z0-9-]{1,100}")) {
                throw new InvalidMappingException("signature.header", "'" + header + "' is not a header name");
            }
            String prefix = map.get("prefix") == null ? "" : String.valueOf(map.get("prefix"));
            return new Signature(header, ALGORITHMS.get(algorithm), prefix, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Whether {@code headerValue} is the MAC of {@code body}, in hex or base64, after the prefix. */
        public boolean verifies(byte[] body, String headerValue) {
            if (headerValue == null) {
                return false;
            }
            String digest = headerValue.strip();
            if (!prefix.isEmpty()) {
                if (!digest.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    return false;
                }
                digest = digest.substring(prefix.length());
            }
            byte[] expected = mac(body);
            byte[] given = decode(digest);
            return given != null && MessageDigest.isEqual(expected, given);
        }

        /** The MAC of {@code body} in lower-case hex (what a sender puts after the prefix). */
        public String sign(byte[] body) {
            return HexFormat.of().formatHex(mac(body));
        }

        private byte[] mac(byte[] body) {
            try {
                Mac mac = Mac.getInstance(algorithm);
                mac.init(new SecretKeySpec(secret, algorithm));
                return mac.doFinal(body);
            } catch (NoSuchAlgorithmException | InvalidKeyException e) {
                throw new IllegalStateException("HMAC " + algorithm + " is not available", e);
            }
        }

        private static byte[] decode(String digest) {
            if (digest.matches("[0-9A-Fa-f]+") && digest.length() % 2 == 0) {
                return HexFormat.of().parseHex(digest);
            }
            try {
                return Base64.getDecoder().decode(digest);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    /** Never the document: it holds the signing secret. */
    @Override
    public String toString() {
        return "WebhookSpec[signature=" + (signature == null ? "none" : signature.header() + " with a secret") + ", document of "
                + (document == null ? 0 : document.length()) + " chars]";
    }
}
