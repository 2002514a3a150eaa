package org.switchboard.webrtc.internal.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.switchboard.webrtc.internal.sdp.Fingerprint;

/**
 * BouncyCastle's view of one line's DTLS server: DTLS 1.2 only (a browser offering 1.3 gets 1.2;
 * its ClientHello version is never rejected), ECDSA, a client certificate required and matched
 * against the offer's fingerprint, use_srtp negotiated, keys exported on completion.
 */
final class SrtpDtlsServer extends DefaultTlsServer {

    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final Fingerprint expectedClientFingerprint;
    private final int handshakeTimeoutMillis;
    private final List<SrtpProfile> acceptableProfiles;
    private SrtpProfile profile;
    private volatile SrtpKeys keys;
    private volatile boolean fingerprintMismatch;

    SrtpDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, Fingerprint expectedClientFingerprint,
            int handshakeTimeoutMillis, List<SrtpProfile> acceptableProfiles) {
        super(crypto);
        this.acceptableProfiles = acceptableProfiles;
        this.certificate = certificate;
        this.expectedClientFingerprint = expectedClientFingerprint;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    public boolean requiresExtendedMasterSecret() {
        // The SRTP keys come from the exporter, which is only safe with extended master secret.
        return true;
    }

    @Override
    public int getHandshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    @Override
    @SuppressWarnings("rawtypes") // BouncyCastle's signature
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered == null) {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no use_srtp extension");
        }
        profile = SrtpProfile.choose(acceptableProfiles, offered.getProtectionProfiles())
                .orElseThrow(() -> new TlsFatalAlert(AlertDescription.handshake_failure, "no common SRTP profile"));
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"}) // BouncyCastle's signature
    public Hashtable getServerExtensions() throws IOException {
        Hashtable extensions = super.getServerExtensions();
        if (extensions == null) {
            extensions = new Hashtable();
        }
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(new int[] {profile.id()}, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), (BcTlsCrypto) getCrypto(),
                certificate.privateKey(), certificate.certificate(),
                new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    @Override
    public CertificateRequest getCertificateRequest() {
        // No check of the client's version here: Chromium offers DTLS 1.3 and must still get 1.2.
        Vector<SignatureAndHashAlgorithm> algorithms = new Vector<>();
        algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        algorithms.add(new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                algorithms, null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            fingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "the browser sent no certificate");
        }
        Fingerprint actual = Fingerprint.sha256Of(clientCertificate.getCertificateAt(0).getEncoded());
        if (!actual.matches(expectedClientFingerprint)) {
            fingerprintMismatch = true;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match a=fingerprint");
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.keyingMaterialLength());
        keys = new SrtpKeys(profile, material);
    }

    SrtpKeys keys() {
        return keys;
    }

    boolean fingerprintMismatch() {
        return fingerprintMismatch;
    }
}
