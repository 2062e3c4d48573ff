package pgtest

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// CertGroup is the role whose members log in to a TLS server (StartOwnTLS)
// with a client certificate; other roles log in there with a password.
const CertGroup = "pgtest_cert"

// StartOwnTLS starts a server for tb alone, as StartOwn does, that other
// roles than postgres reach over TLS only: members of CertGroup log in
// with a client certificate named after their role (ClientCert), the
// others with a password (scram-sha-256). The owner postgres still logs
// in without either, in the clear, as URL and NewDatabase have it, so that
// a test can make its roles. The server's certificate, for 127.0.0.1 and
// localhost, is signed by an authority made for this server alone, whose
// certificate is at CAFile.
func StartOwnTLS(tb testing.TB) *Server {
	tb.Helper()
	return startOwn(tb, true)
}

// CAFile is the file of the certificate of the authority that signed the
// server's certificate and its clients', for sslrootcert; "" when the
// server does not take TLS.
func (s *Server) CAFile() string {
	if s.tls == nil {
		return ""
	}
	return s.tls.file
}

// Addr is the server's host and port, 127.0.0.1:port.
func (s *Server) Addr() string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port))
}

// ClientCert makes a certificate for the role, signed by the server's
// authority, and its key, in files of tb's own (the key readable by its
// owner only), and returns their paths for sslcert and sslkey. The role
// logs in with it if it is in CertGroup.
func (s *Server) ClientCert(tb testing.TB, role string) (certFile, keyFile string) {
	tb.Helper()
	if s.tls == nil {
		tb.Fatalf("pgtest: the server on %s does not take TLS; start it with StartOwnTLS", s.Addr())
	}
	certPEM, keyPEM, err := s.tls.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: role},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
	if err != nil {
		tb.Fatalf("pgtest: certificate for %s: %v", role, err)
	}
	dir := tb.TempDir()
	certFile, keyFile = filepath.Join(dir, role+".crt"), filepath.Join(dir, role+".key")
	if err := os.WriteFile(certFile, certPEM, 0o644); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return certFile, keyFile
}

// ForeignCA is the file of the certificate of an authority made for tb,
// which signed nothing a server holds: a client that trusts it alone must
// not trust the server.
func ForeignCA(tb testing.TB) string {
	tb.Helper()
	ca, err := newAuthority("pgtest foreign CA")
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	file := filepath.Join(tb.TempDir(), "foreign-ca.crt")
	if err := os.WriteFile(file, ca.certPEM(), 0o644); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return file
}

// authority is a certificate authority made for one server.
type authority struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	file string // its certificate, once written
}

func newAuthority(name string) (*authority, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: name},
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	if err := validity(tmpl); err != nil {
		return nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &authority{cert: cert, key: key}, nil
}

func (a *authority) certPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: a.cert.Raw})
}

// issue makes a key and the certificate tmpl for it, signed by a.
func (a *authority) issue(tmpl *x509.Certificate) (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	if err := validity(tmpl); err != nil {
		return nil, nil, err
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, a.cert, &key.PublicKey, a.key)
	if err != nil {
		return nil, nil, err
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}), nil
}

// validity gives tmpl a random serial number and a day's validity, begun
// an hour ago in case the clocks of the test and the server differ.
func validity(tmpl *x509.Certificate) error {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return err
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(24 * time.Hour)
	return nil
}

// hba is the server's pg_hba.conf: the owner in the clear or not, CertGroup
// by certificate, everyone else by password, both over TLS only.
var hba = `host    all postgres     127.0.0.1/32 trust
hostssl all +` + CertGroup + ` 127.0.0.1/32 cert
hostssl all all          127.0.0.1/32 scram-sha-256
`

// writeTLSFiles makes the server's authority, certificate and key, and its
// pg_hba.conf, in its directory, readable by owner: PostgreSQL refuses a
// key that others than its owner may read.
func (s *Server) writeTLSFiles(owner *account) (*authority, error) {
	ca, err := newAuthority("pgtest CA")
	if err != nil {
		return nil, err
	}
	certPEM, keyPEM, err := ca.issue(&x509.Certificate{
		Subject:     pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:    []string{"localhost"},
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	if err != nil {
		return nil, err
	}
	dir := filepath.Join(s.dir, "tls")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, err
	}
	ca.file = filepath.Join(dir, "ca.crt")
	paths := []string{dir}
	for _, f := range []struct {
		name string
		data []byte
		mode os.FileMode
	}{
		{"ca.crt", ca.certPEM(), 0o644},
		{"server.crt", certPEM, 0o644},
		{"server.key", keyPEM, 0o600},
		{"pg_hba.conf", []byte(hba), 0o644},
	} {
		path := filepath.Join(dir, f.name)
		if err := os.WriteFile(path, f.data, f.mode); err != nil {
			return nil, err
		}
		paths = append(paths, path)
	}
	if owner != nil {
		for _, path := range paths {
			if err := os.Chown(path, owner.uid, owner.gid); err != nil {
				return nil, err
			}
		}
	}
	return ca, nil
}

// tlsSettings are the server's settings for the files of writeTLSFiles.
func (s *Server) tlsSettings() []string {
	dir := filepath.Join(s.dir, "tls")
	return []string{
		"-c", "ssl=on",
		"-c", "ssl_cert_file=" + filepath.Join(dir, "server.crt"),
		"-c", "ssl_key_file=" + filepath.Join(dir, "server.key"),
		"-c", "ssl_ca_file=" + filepath.Join(dir, "ca.crt"),
		"-c", "hba_file=" + filepath.Join(dir, "pg_hba.conf"),
	}
}

// createCertGroup makes CertGroup on a server just started.
func (s *Server) createCertGroup() error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := s.connect(ctx, "postgres")
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE ROLE "+CertGroup+" NOLOGIN"); err != nil {
		return fmt.Errorf("create role %s: %v", CertGroup, err)
	}
	return nil
}
