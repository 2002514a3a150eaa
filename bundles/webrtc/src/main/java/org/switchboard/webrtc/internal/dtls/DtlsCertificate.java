package org.switchboard.webrtc.internal.dtls;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.switchboard.webrtc.internal.sdp.Fingerprint;

/**
 * The self-signed ECDSA P-256 certificate every line presents as DTLS server. Browsers check it
 * only against the fingerprint in our answer, so one per port is enough; it is made at start.
 */
public final class DtlsCertificate {

    private final Certificate certificate;
    private final AsymmetricKeyParameter privateKey;
    private final Fingerprint fingerprint;

    private DtlsCertificate(Certificate certificate, AsymmetricKeyParameter privateKey, Fingerprint fingerprint) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.fingerprint = fingerprint;
    }

    public static DtlsCertificate generate(BcTlsCrypto crypto) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keyPair = generator.generateKeyPair();
            AsymmetricKeyParameter privateKey = PrivateKeyFactory.createKey(keyPair.getPrivate().getEncoded());

            Instant now = Instant.now();
            X500Name name = new X500Name("CN=switchboard");
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    name,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    name,
                    SubjectPublicKeyInfo.getInstance(keyPair.getPublic().getEncoded()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            ContentSigner signer = new BcECContentSignerBuilder(signature, digest).build(privateKey);
            byte[] der = builder.build(signer).getEncoded();

            TlsCertificate tlsCertificate = crypto.createCertificate(der);
            return new DtlsCertificate(new Certificate(new TlsCertificate[] {tlsCertificate}), privateKey,
                    Fingerprint.sha256Of(der));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the DTLS certificate", e);
        }
    }

    Certificate certificate() {
        return certificate;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    public Fingerprint fingerprint() {
        return fingerprint;
    }
}
