#include "gui/connectiondialog.h"

#include "gui/transportlabel.h"

#include "connectors/postgresuri.h"
#include "connectors/redisuri.h"
#include "connectors/transport/sshtunnel.h"
#include "connectors/urierror.h"
#include "connectors/zookeeperuri.h"
#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"
#include "core/profilestore.h"
#include "core/sandbox/sandboxerror.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <memory>
#include <qt6keychain/keychain.h>

namespace lockscope {

namespace {
using Field = ConnectionDialog::Field;
/// Each field's keychain key after "<profile>/" (the backend's name; Redlock's own).
const QString kKeys[ConnectionDialog::kFields] = {
    QStringLiteral("redis"), QStringLiteral("redlock"), QStringLiteral("zookeeper"),
    QStringLiteral("postgres")};
const QString kService = QStringLiteral("LockScope");
/// A keychain that has not answered by then is taken as none (a session without a keychain
/// daemon can leave a job waiting for a long D-Bus timeout).
constexpr int kKeychainDeadlineMs = 5000;

QString fieldLabel(Field f) {
    switch (f) {
    case Field::Redis:
        return QStringLiteral("Redis");
    case Field::Redlock:
        return QStringLiteral("Redlock");
    case Field::ZooKeeper:
        return QStringLiteral("ZooKeeper");
    case Field::Postgres:
        return QStringLiteral("PostgreSQL");
    }
    return {};
}

/// The URI scheme of each Redis mode (RedisUri's).
QString schemeOf(ConnectionDialog::RedisMode m) {
    switch (m) {
    case ConnectionDialog::RedisMode::Single:
        return RedisUri::topologyName(RedisTopology::Single);
    case ConnectionDialog::RedisMode::Cluster:
        return RedisUri::topologyName(RedisTopology::Cluster);
    case ConnectionDialog::RedisMode::Sentinel:
        return RedisUri::topologyName(RedisTopology::Sentinel);
    }
    return {};
}

QString errorHtml(const QString& text) {
    return QStringLiteral("<span style='color:#c0392b'>%1</span>").arg(text.toHtmlEscaped());
}

/// The URI without its password (for the field) and the password.
QString withoutPassword(Field f, const QString& uri, QString* password) {
    if (f == Field::Redlock)
        return ProfileStore::stripRedlockPassword(uri, password);
    return ProfileStore::stripPassword(kKeys[int(f)], uri, password);
}

/// One server's probe, on the calling thread (a test's worker): never throws.
BackendHealth probeOne(Backend backend, const Endpoints& endpoints) {
    try {
        return BackendRegistry::of(backend).createProbe(endpoints)->probe();
    } catch (const std::exception& e) {
        BackendHealth h;
        h.state = BackendHealth::State::Down;
        h.error = QString::fromUtf8(e.what());
        return h;
    }
}

} // namespace

ConnectionDialog::ConnectionDialog(const Endpoints& current, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Connections"));
    setMinimumWidth(760);
    auto* layout = new QVBoxLayout(this);
    auto* profileRow = new QHBoxLayout;
    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    m_profile->addItems(ProfileStore::names());
    m_profile->setCurrentText(tr("current"));
    auto* save = new QPushButton(tr("Save profile"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* sandbox = new QPushButton(tr("Use sandbox…"), this);
    sandbox->setToolTip(tr("Load every URI (and the passwords) from a sandbox directory's "
                           "stack.json; an ha sandbox's Sentinel set is one choice of the Redis "
                           "mode away"));
    profileRow->addWidget(new QLabel(tr("Profile:"), this));
    profileRow->addWidget(m_profile, 1);
    profileRow->addWidget(save);
    profileRow->addWidget(remove);
    profileRow->addWidget(sandbox);
    layout->addLayout(profileRow);
    auto* form = new QFormLayout;
    buildFields(form, current);
    layout->addLayout(form);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    m_testResult = new QLabel(this);
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::RichText);
    m_testResult->hide();
    layout->addWidget(m_testResult);
    // Not known before a keychain is asked (asking can block for a long D-Bus timeout where there
    // is none): say what will happen, and after saving what did.
    m_keychain = new QLabel(tr("Passwords are never written to the settings file: saving a profile "
                               "puts them in the system keychain, and this says whether it took "
                               "them."),
                            this);
    m_keychain->setWordWrap(true);
    layout->addWidget(m_keychain);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    // Qt's own "Cancel" is English where Qt's translations are not installed: ours is in tr().
    buttons->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    m_ok->setText(tr("Connect"));
    m_test = buttons->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_test->setToolTip(tr("Connect to each server once and say what answers (each within its "
                          "deadline, never on this window's thread)"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnections);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(sandbox, &QPushButton::clicked, this, [this] {
        QString start = m_sandboxDir;
        if (start.isEmpty())
            start = qEnvironmentVariable("LOCKSCOPE_SANDBOX_DIR", QDir::tempPath());
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Sandbox directory"), start);
        if (!dir.isEmpty())
            useSandbox(dir);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        ProfileStore::remove(m_profile->currentText());
        for (const QString& key : kKeys) {
            auto* job = new QKeychain::DeletePasswordJob(kService, this);
            job->setKey(ProfileStore::keychainKey(m_profile->currentText(), key));
            job->start();
        }
        m_profile->removeItem(m_profile->currentIndex());
    });
    connect(m_profile, &QComboBox::textActivated, this, &ConnectionDialog::loadProfile);
    validate();
}

void ConnectionDialog::buildFields(QFormLayout* form, const Endpoints& current) {
    const QString values[kFields] = {current.redis, current.redlock, current.zookeeper,
                                     current.postgres};
    m_redisMode = new QComboBox(this);
    m_redisMode->addItem(tr("Single server"), int(RedisMode::Single));
    m_redisMode->addItem(tr("Cluster"), int(RedisMode::Cluster));
    m_redisMode->addItem(tr("Sentinel"), int(RedisMode::Sentinel));
    m_redisMode->setToolTip(tr("How the Redis servers are arranged: one server; a Redis Cluster "
                               "(seed nodes, any one gives the slot map); or a primary watched by "
                               "Sentinels (the sentinels, and the primary's name after '#')"));
    for (int i = 0; i < kFields; ++i) {
        const auto f = Field(i);
        QString password;
        m_uri[i] = new QLineEdit(withoutPassword(f, values[i], &password), this);
        m_password[i] = new QLineEdit(password, this);
        m_password[i]->setEchoMode(QLineEdit::Password);
        m_password[i]->setPlaceholderText(tr("password (optional)"));
        m_password[i]->setMaximumWidth(150);
        m_summary[i] = new QLabel(this);
        m_summary[i]->setTextFormat(Qt::RichText);
        m_summary[i]->setContentsMargins(0, 0, 0, 4);
        m_uri[i]->setCursorPosition(0);
        auto* row = new QHBoxLayout;
        if (f == Field::Redis)
            row->addWidget(m_redisMode);
        row->addWidget(m_uri[i], 1);
        row->addWidget(m_password[i]);
        form->addRow(fieldLabel(f) + QLatin1Char(':'), row);
        form->addRow(QString(), m_summary[i]);
        connect(m_uri[i], &QLineEdit::textChanged, this, &ConnectionDialog::validate);
        connect(m_password[i], &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    }
    m_uri[int(Field::Redlock)]->setPlaceholderText(
        tr("optional: redis://h1:6379,redis://h2:6379,redis://h3:6379"));
    m_uri[int(Field::Redlock)]->setToolTip(
        tr("The independent Redis servers of the redlock strategy, comma-separated; one password "
           "for all. Redlock issues no fencing token."));
    m_password[int(Field::Redlock)]->setToolTip(tr("One password for every Redlock server"));
    m_ssh = new QLineEdit(current.ssh, this);
    m_ssh->setPlaceholderText(tr("optional: ssh://user@bastion:22?identity=~/.ssh/id_ed25519"));
    m_ssh->setToolTip(tr("Reach every server through this SSH host, as ssh -L would: its host "
                         "key must be in known_hosts (known_hosts=FILE, default "
                         "~/.ssh/known_hosts); the key file (identity=FILE) or the SSH agent "
                         "logs in. TLS, where a URI asks for it, runs inside the tunnel."));
    m_sshSummary = new QLabel(this);
    m_sshSummary->setTextFormat(Qt::RichText);
    m_sshSummary->setWordWrap(true); // key and known_hosts paths can be long
    m_sshSummary->setContentsMargins(0, 0, 0, 4);
    form->addRow(tr("SSH tunnel") + QLatin1Char(':'), m_ssh);
    form->addRow(QString(), m_sshSummary);
    connect(m_ssh, &QLineEdit::textChanged, this, &ConnectionDialog::validate);
    m_uri[int(Field::ZooKeeper)]->setPlaceholderText(
        QStringLiteral("zookeeper://z1:2181,z2:2181,z3:2181/chroot"));
    m_uri[int(Field::ZooKeeper)]->setToolTip(
        tr("One member, or every member of an ensemble, comma-separated: the session moves to "
           "another member when one fails"));
    followRedisScheme();
    connect(m_uri[int(Field::Redis)], &QLineEdit::textChanged, this,
            &ConnectionDialog::followRedisScheme);
    connect(m_redisMode, &QComboBox::activated, this, &ConnectionDialog::redisModeChosen);
}

void ConnectionDialog::followRedisScheme() {
    // The selector shows what the URI says; an unknown scheme leaves it (the error says why).
    const QString text = m_uri[int(Field::Redis)]->text().trimmed();
    QString scheme = text.section(QStringLiteral("://"), 0, 0);
    if (scheme.startsWith(QLatin1String("rediss"))) // TLS: the same topologies
        scheme.remove(5, 1);
    for (int i = 0; i < m_redisMode->count(); ++i) {
        if (schemeOf(RedisMode(m_redisMode->itemData(i).toInt())) == scheme) {
            const QSignalBlocker block(m_redisMode);
            m_redisMode->setCurrentIndex(i);
        }
    }
    static const QString placeholders[] = {
        QStringLiteral("redis://host:6379/0"),
        QStringLiteral("redis-cluster://h1:7000,h2:7001,h3:7002"),
        QStringLiteral("redis-sentinel://s1:26379,s2:26379,s3:26379#mymaster")};
    m_uri[int(Field::Redis)]->setPlaceholderText(placeholders[m_redisMode->currentIndex()]);
}

void ConnectionDialog::redisModeChosen(int index) {
    const auto mode = RedisMode(m_redisMode->itemData(index).toInt());
    QLineEdit* edit = m_uri[int(Field::Redis)];
    // A loaded ha sandbox has each topology's URI: take it.
    if (m_sandbox) {
        const QString uri = mode == RedisMode::Cluster    ? m_sandbox->redisClusterUri
                            : mode == RedisMode::Sentinel ? m_sandbox->redisSentinelUri
                                                          : QString();
        if (!uri.isEmpty()) {
            QString password;
            showUri(Field::Redis, withoutPassword(Field::Redis, uri, &password));
            m_password[int(Field::Redis)]->setText(password);
            return;
        }
    }
    // Otherwise the same hosts under the chosen scheme; what the new form lacks (a Sentinel's
    // "#primary") is said under the field.
    QString rest = edit->text().trimmed().section(QStringLiteral("://"), 1);
    if (mode != RedisMode::Sentinel)
        rest = rest.section(u'#', 0, 0);
    QString scheme = schemeOf(mode);
    if (edit->text().trimmed().startsWith(QLatin1String("rediss")))
        scheme.insert(5, u's'); // keeps TLS
    edit->setText(scheme + QStringLiteral("://") + rest);
}

void ConnectionDialog::setStatus(const QString& html) {
    m_status->setText(html);
    m_status->setVisible(!html.isEmpty()); // no empty gap in the form
}

void ConnectionDialog::showUri(Field f, const QString& uri) {
    m_uri[int(f)]->setText(uri);
    m_uri[int(f)]->setCursorPosition(0); // the scheme and the first host in view, not the tail
}

void ConnectionDialog::setSandbox(const QString& dir) {
    m_sandboxDir = dir;
    m_sandbox.reset();
    try {
        if (!dir.isEmpty())
            m_sandbox = SandboxInfo::load(dir);
    } catch (const SandboxError&) {
        // gone since: the mode selector rewrites the scheme instead
    }
}

bool ConnectionDialog::useSandbox(const QString& dir) {
    SandboxInfo info;
    try {
        info = SandboxInfo::load(dir);
    } catch (const SandboxError& e) {
        setStatus(errorHtml(e.message()));
        return false;
    }
    const QString uris[kFields] = {info.redisUri, info.redlockUris.join(u','), info.zookeeperUri,
                                   info.postgresUri};
    for (int i = 0; i < kFields; ++i) {
        QString password;
        showUri(Field(i), withoutPassword(Field(i), uris[i], &password));
        m_password[i]->setText(password);
    }
    m_sandboxDir = dir;
    m_sandbox = info;
    validate();
    if (validationError().isEmpty())
        setStatus(
            (info.topology == SandboxInfo::Topology::Ha
                 ? tr("Loaded the ha sandbox in %1: choose Sentinel as the Redis mode to lock "
                      "through its Sentinel set (the Demo page's failover needs it).")
                 : tr("Loaded the sandbox in %1."))
                .arg(dir)
                .toHtmlEscaped());
    return true;
}

void ConnectionDialog::keychainUnavailable(const QString& why) {
    m_keychainState = Keychain::Unavailable;
    m_keychain->setText(QStringLiteral("<span style='color:#c0392b'>%1</span>")
                            .arg(tr("No system keychain is available (%1): passwords are not "
                                    "stored, you will be asked "
                                    "for them each time.")
                                     .arg(why.toHtmlEscaped())));
}

void ConnectionDialog::loadProfile(const QString& name) {
    if (!ProfileStore::names().contains(name))
        return;
    m_sandboxDir.clear();
    m_sandbox.reset();
    const Endpoints e = ProfileStore::load(name);
    const QString uris[kFields] = {e.redis, e.redlock, e.zookeeper, e.postgres};
    for (int i = 0; i < kFields; ++i) {
        showUri(Field(i), uris[i]);
        m_password[i]->clear();
        if (uris[i].isEmpty())
            continue; // no Redlock servers: no password to ask for
        auto* job = new QKeychain::ReadPasswordJob(kService, this);
        job->setKey(ProfileStore::keychainKey(name, kKeys[i]));
        connect(job, &QKeychain::Job::finished, this, [this, i, job, name] {
            if (job->error() == QKeychain::NoError) {
                m_password[i]->setText(job->textData());
            } else if (job->error() != QKeychain::EntryNotFound) {
                keychainUnavailable(job->errorString());
                bool ok = false;
                const QString pw = QInputDialog::getText(
                    this, tr("Password"),
                    tr("No keychain: password for %1 in profile '%2' (leave empty for none):")
                        .arg(kKeys[i], name),
                    QLineEdit::Password, QString(), &ok);
                if (ok)
                    m_password[i]->setText(pw);
            }
        });
        job->start();
    }
}

void ConnectionDialog::saveProfile() {
    const QString name = m_profile->currentText().trimmed();
    if (name.isEmpty())
        return;
    ProfileStore::save(name, endpoints()); // without the passwords
    m_pendingWrites = 0;
    m_writtenPasswords = 0;
    m_writeErrors.clear();
    m_savedStored = false;
    const int generation = ++m_saveGeneration; // answers to an earlier save are ignored
    for (int i = 0; i < kFields; ++i) {
        const QString key = ProfileStore::keychainKey(name, kKeys[i]);
        if (m_password[i]->text().isEmpty()) {
            // No password now: an older one must not come back when the profile is loaded.
            auto* job = new QKeychain::DeletePasswordJob(kService, this);
            job->setInsecureFallback(false);
            job->setKey(key);
            job->start();
            continue;
        }
        auto* job = new QKeychain::WritePasswordJob(kService, this);
        job->setInsecureFallback(false);
        job->setKey(key);
        job->setTextData(m_password[i]->text());
        ++m_pendingWrites;
        connect(job, &QKeychain::Job::finished, this, [this, job, name, generation] {
            if (generation == m_saveGeneration && m_pendingWrites > 0)
                savedOne(name, job->error() == QKeychain::NoError ? QString() : job->errorString());
        });
        job->start();
    }
    if (m_profile->findText(name) < 0)
        m_profile->addItem(name);
    if (m_pendingWrites == 0) {
        m_savedStored = true;
        setStatus(tr("Profile '%1' saved (it has no passwords).").arg(name).toHtmlEscaped());
    } else {
        setStatus(tr("Saving profile '%1'…").arg(name).toHtmlEscaped());
        QTimer::singleShot(kKeychainDeadlineMs, this, [this, name, generation] {
            if (generation != m_saveGeneration || m_pendingWrites == 0)
                return;
            m_pendingWrites = 1; // the rest count as not stored
            savedOne(name, tr("it did not answer within %1 s").arg(kKeychainDeadlineMs / 1000));
        });
    }
}

void ConnectionDialog::savedOne(const QString& name, const QString& error) {
    if (error.isEmpty())
        ++m_writtenPasswords;
    else
        m_writeErrors << error;
    if (--m_pendingWrites > 0)
        return;
    if (m_writeErrors.isEmpty()) {
        m_savedStored = true;
        m_keychainState = Keychain::Available;
        m_keychain->setText(
            tr("Passwords are kept in the system keychain, never in the settings file."));
        setStatus(tr("Profile '%1' saved; its passwords are in the system keychain.")
                      .arg(name)
                      .toHtmlEscaped());
        return;
    }
    keychainUnavailable(m_writeErrors.constFirst());
    setStatus(
        QStringLiteral("<span style='color:#c0392b'>%1</span>")
            .arg(tr("Profile '%1' saved without its passwords: the keychain did not take them. "
                    "You will be asked for them when you load it.")
                     .arg(name)
                     .toHtmlEscaped()));
}

QString ConnectionDialog::fieldUri(Field f) const {
    const QString uri = m_uri[int(f)]->text().trimmed();
    const QString password = m_password[int(f)]->text();
    if (f == Field::Redlock)
        return ProfileStore::withRedlockPassword(uri, password);
    return ProfileStore::withPassword(kKeys[int(f)], uri, password);
}

QString ConnectionDialog::sshSummary() const {
    const QString text = m_ssh->text().trimmed();
    if (text.isEmpty())
        return tr("None: LockScope connects to each server directly.");
    const SshTunnel t = SshTunnel::parse(text);
    return tr("Every server through %1 (host key checked against %2; %3)")
        .arg(t.describe(),
             t.knownHostsFile.isEmpty() ? QStringLiteral("~/.ssh/known_hosts") : t.knownHostsFile,
             t.identityFile.isEmpty() ? tr("the SSH agent logs in")
                                      : tr("key %1").arg(t.identityFile));
}

QString ConnectionDialog::summaryOf(Field f) const {
    const QString text = summaryWithoutTls(f);
    // TLS, and whether its checks are on: verification off is said in the field's summary and,
    // once connected, in the status bar.
    TlsOptions tls;
    if (f == Field::Redis)
        tls = RedisUri::parse(fieldUri(f)).tls;
    else if (f == Field::ZooKeeper)
        tls = ZooKeeperUri::parse(fieldUri(f)).tls;
    else if (f == Field::Postgres)
        tls = tlsOfSslMode(PostgresUri::parse(fieldUri(f)).value(QStringLiteral("sslmode")));
    if (!tls.enabled)
        return text;
    if (tls.insecure())
        return text + QStringLiteral(" · ") +
               (!tls.verifyPeer ? tr("TLS, certificate NOT verified")
                                : tr("TLS, host name NOT checked"));
    return text + QStringLiteral(" · ") + tr("TLS, certificate verified");
}

QString ConnectionDialog::summaryWithoutTls(Field f) const {
    const QString uri = fieldUri(f);
    switch (f) {
    case Field::Redis: {
        const RedisUri r = RedisUri::parse(uri);
        switch (r.topology) {
        case RedisTopology::Single:
            return tr("Single server %1, database %2")
                .arg(HostPort{r.host, r.port}.toString())
                .arg(r.db);
        case RedisTopology::Cluster:
            return tr("Cluster, %n seed node(s)", nullptr, int(r.nodes.size()));
        case RedisTopology::Sentinel:
            return tr("Sentinel '%1' via %n sentinel(s)", nullptr, int(r.nodes.size()))
                .arg(r.primaryName);
        }
        return {};
    }
    case Field::Redlock: {
        if (uri.isEmpty())
            return tr("None: the redlock strategy is not offered without its servers.");
        const QList<RedisUri> servers = RedisUri::parseList(uri);
        const QString text =
            tr("Redlock over %n independent server(s), quorum %1", nullptr, int(servers.size()))
                .arg(servers.size() / 2 + 1);
        return servers.size() < 3
                   ? text + QStringLiteral(" · ") + tr("fewer than 3 servers tolerate no failure")
                   : text;
    }
    case Field::ZooKeeper: {
        const ZooKeeperUri z = ZooKeeperUri::parse(uri);
        const QString where = z.hosts.size() == 1
                                  ? tr("Single server %1").arg(z.hosts.first().toString())
                                  : tr("Ensemble of %n member(s)", nullptr, int(z.hosts.size()));
        return z.chroot.isEmpty() ? where : tr("%1, under %2").arg(where, z.chroot);
    }
    case Field::Postgres: {
        const PostgresUri p = PostgresUri::parse(uri);
        const QString host = p.value(QStringLiteral("host")).isEmpty()
                                 ? p.value(QStringLiteral("hostaddr"))
                                 : p.value(QStringLiteral("host"));
        return tr("Host %1, port %2, database %3")
            .arg(host.isEmpty() ? tr("default") : host,
                 p.value(QStringLiteral("port")).isEmpty() ? QStringLiteral("5432")
                                                           : p.value(QStringLiteral("port")),
                 p.value(QStringLiteral("dbname")).isEmpty() ? tr("default")
                                                             : p.value(QStringLiteral("dbname")));
    }
    }
    return {};
}

QString ConnectionDialog::validationError() const {
    try {
        sshSummary();
    } catch (const UriError& e) {
        return tr("%1: %2 (%3)").arg(tr("SSH tunnel"), e.message(), e.part());
    }
    for (int i = 0; i < kFields; ++i) {
        try {
            summaryOf(Field(i));
        } catch (const UriError& e) {
            // A list's own rule (Redlock's 3 servers) names no part of a URI.
            return e.part().isEmpty()
                       ? QStringLiteral("%1: %2").arg(fieldLabel(Field(i)), e.message())
                       : tr("%1: %2 (%3)").arg(fieldLabel(Field(i)), e.message(), e.part());
        }
    }
    return {};
}

void ConnectionDialog::validate() {
    for (int i = 0; i < kFields; ++i) {
        try {
            m_summary[i]->setText(QStringLiteral("<span style='color:#555'>%1</span>")
                                      .arg(summaryOf(Field(i)).toHtmlEscaped()));
        } catch (const UriError& e) {
            m_summary[i]->setText(errorHtml(
                e.part().isEmpty() ? e.message() : tr("%1 (%2)").arg(e.message(), e.part())));
        }
    }
    try {
        m_sshSummary->setText(
            QStringLiteral("<span style='color:#555'>%1</span>").arg(sshSummary().toHtmlEscaped()));
    } catch (const UriError& e) {
        m_sshSummary->setText(errorHtml(tr("%1 (%2)").arg(e.message(), e.part())));
    }
    const QString error = validationError();
    setStatus(error.isEmpty() ? QString() : errorHtml(error));
    m_ok->setEnabled(error.isEmpty());
    m_test->setEnabled(error.isEmpty());
}

Endpoints ConnectionDialog::endpoints() const {
    Endpoints e;
    QString* out[kFields] = {&e.redis, &e.redlock, &e.zookeeper, &e.postgres};
    for (int i = 0; i < kFields; ++i) {
        try {
            *out[i] = fieldUri(Field(i));
        } catch (const UriError&) {
            *out[i] = m_uri[i]->text().trimmed();
        }
    }
    e.ssh = m_ssh->text().trimmed();
    return e;
}

void ConnectionDialog::testConnections() {
    if (!validationError().isEmpty())
        return;
    const Endpoints e = endpoints();
    const int generation = ++m_testGeneration; // answers to an earlier test are dropped
    m_testLines = QStringList(kFields, QString());
    m_testsRunning = 0;
    auto show = [this] {
        QStringList lines;
        for (const QString& l : std::as_const(m_testLines))
            if (!l.isEmpty())
                lines << l;
        m_testResult->setText(lines.join(QStringLiteral("<br>")));
        m_testResult->setVisible(!lines.isEmpty());
    };
    // One job per field, each on a thread of its own: every probe has its connector's deadline,
    // so a silent server delays only its own line. A job outliving the dialog ends by itself.
    for (int i = 0; i < kFields; ++i) {
        const auto f = Field(i);
        if (f == Field::Redlock && e.redlock.isEmpty())
            continue;
        QList<std::pair<Backend, Endpoints>> targets;
        if (f == Field::Redlock) {
            for (const RedisUri& server : RedisUri::parseList(e.redlock)) {
                Endpoints one;
                one.redis = server.toString(true);
                targets.append({Backend::Redis, one});
            }
        } else {
            targets.append({f == Field::Redis       ? Backend::Redis
                            : f == Field::ZooKeeper ? Backend::ZooKeeper
                                                    : Backend::Postgres,
                            e});
        }
        m_testLines[i] = tr("%1: testing…").arg(fieldLabel(f)).toHtmlEscaped();
        auto results = std::make_shared<QList<BackendHealth>>();
        // Through the dialog's tunnel, not the one in use: this thread only.
        const std::optional<SshTunnel> tunnel =
            e.ssh.isEmpty() ? std::nullopt : std::optional(SshTunnel::parse(e.ssh));
        QThread* job = QThread::create([targets, results, tunnel] {
            const SshTunnelScope scope(tunnel);
            for (const auto& [backend, endpoints] : targets)
                results->append(probeOne(backend, endpoints));
        });
        job->setObjectName(QStringLiteral("lockscope-connection-test"));
        connect(job, &QThread::finished, job, &QObject::deleteLater);
        connect(job, &QThread::finished, this, [this, f, results, generation, show] {
            if (generation != m_testGeneration)
                return;
            --m_testsRunning;
            QStringList parts;
            int up = 0;
            for (const BackendHealth& h : std::as_const(*results)) {
                if (h.state == BackendHealth::State::Connected) {
                    ++up;
                    QString part = tr("answers in %1 ms, %2")
                                       .arg(QLocale().toString(h.rttMs, 'f', 1), h.version);
                    if (!h.topology.isEmpty())
                        part += QStringLiteral(" (%1)").arg(h.topology);
                    parts << part.toHtmlEscaped();
                } else {
                    parts << errorHtml(h.error.isEmpty() ? tr("no answer") : h.error);
                }
            }
            QString line = QStringLiteral("<b>%1</b>: ").arg(fieldLabel(f));
            if (f == Field::Redlock)
                line += tr("%1 of %n server(s) answer", nullptr, int(results->size()))
                            .arg(up)
                            .toHtmlEscaped() +
                        QStringLiteral(" · ");
            m_testLines[int(f)] = line + parts.join(QStringLiteral(" · "));
            show();
        });
        ++m_testsRunning;
        job->start();
    }
    show();
}

} // namespace lockscope
