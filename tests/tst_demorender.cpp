#include "core/namespaceconfig.h"
#include "tests/support/testenv.h"

#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace lockscope;

/// `lockscope-cli demo render`: a real run's history (the sandbox's servers) drawn as SVG and
/// PNG, and the bad inputs refused with exit code 2 and nothing written.
class TestDemoRender : public QObject {
    Q_OBJECT
    NamespaceConfig m_config;
    QTemporaryDir m_dir;
    QString m_history;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QStringList svgTexts(const QString& file) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        QXmlStreamReader xml(&f);
        QStringList out;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == u"text")
                out << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
        }
        return xml.hasError() ? QStringList{} : out;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_config = test::isolatedNamespace(QStringLiteral("tst_demorender"));
        m_history = path(QStringLiteral("run.jsonl"));
        QByteArray out;
        // Two buyers race for one unit without a lock, with a payment long enough that both
        // read it before either writes.
        const int rc = test::runCliIn(
            m_config,
            {QStringLiteral("demo"), QStringLiteral("--strategy"), QStringLiteral("none"),
             QStringLiteral("--buyers"), QStringLiteral("2"), QStringLiteral("--stock"),
             QStringLiteral("1"), QStringLiteral("--attempts"), QStringLiteral("1"),
             QStringLiteral("--pay-ms"), QStringLiteral("200"), QStringLiteral("--history"),
             m_history, QStringLiteral("--json")},
            &out);
        QVERIFY2(rc == 0, out.constData());
        QVERIFY(QFileInfo::exists(m_history));
    }

    void rendersSvgAndPng() {
        const QString svg = path(QStringLiteral("d.svg"));
        QByteArray out;
        QCOMPARE(
            test::runCli({QStringLiteral("demo"), QStringLiteral("render"),
                          QStringLiteral("--history"), m_history, QStringLiteral("--out"), svg},
                         &out),
            0);
        QVERIFY2(out.contains("wrote "), out.constData());
        const QStringList texts = svgTexts(svg);
        QVERIFY2(texts.contains(QStringLiteral("Buyer 0")) &&
                     texts.contains(QStringLiteral("Buyer 1")) &&
                     texts.contains(QStringLiteral("PostgreSQL stock")),
                 qPrintable(texts.join(u'|')));
        // Both read the last unit before either wrote: the second write oversold.
        QVERIFY2(texts.contains(QStringLiteral("read stock = 1")), qPrintable(texts.join(u'|')));
        QVERIFY2(texts.contains(QStringLiteral("OVERSOLD")), qPrintable(texts.join(u'|')));

        const QString png = path(QStringLiteral("d.png"));
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("render"),
                               QStringLiteral("--history"), m_history, QStringLiteral("--out"), png,
                               QStringLiteral("--width"), QStringLiteral("800"),
                               QStringLiteral("--buyers"), QStringLiteral("1,0")}),
                 0);
        QImage image;
        QVERIFY(image.load(png));
        QCOMPARE(image.width(), 800);
        QVERIFY(image.height() > 200);

        // The replay cursor at 0 ms: only the first moment, no oversell yet.
        const QString early = path(QStringLiteral("early.svg"));
        QCOMPARE(test::runCli({QStringLiteral("demo"), QStringLiteral("render"),
                               QStringLiteral("--history"), m_history, QStringLiteral("--out"),
                               early, QStringLiteral("--at-ms"), QStringLiteral("0")}),
                 0);
        const QStringList earlyTexts = svgTexts(early);
        QVERIFY(earlyTexts.contains(QStringLiteral("Buyer 0")));
        QVERIFY(!earlyTexts.contains(QStringLiteral("OVERSOLD")));
    }

    void badInputsWriteNothing_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString garbled = path(QStringLiteral("garbled.jsonl"));
        QFile g(garbled);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("{\"type\":\"run\"}\nnot json\n");
        g.close();
        QTest::newRow("missing") << QStringList{QStringLiteral("--history"),
                                                path(QStringLiteral("none.jsonl"))}
                                 << QStringLiteral("cannot read");
        QTest::newRow("garbled") << QStringList{QStringLiteral("--history"), garbled}
                                 << QStringLiteral("not a JSON object");
        QTest::newRow("unknown item") << QStringList{QStringLiteral("--history"), m_history,
                                                     QStringLiteral("--item"), QStringLiteral("77")}
                                      << QStringLiteral("--item");
        QTest::newRow("unknown buyer")
            << QStringList{QStringLiteral("--history"), m_history, QStringLiteral("--buyers"),
                           QStringLiteral("0,9")}
            << QStringLiteral("buyer 9");
    }

    void badInputsWriteNothing() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const QString out = path(QStringLiteral("bad.svg"));
        QFile::remove(out);
        QByteArray stdoutText, err;
        QCOMPARE(test::runCli(QStringList{QStringLiteral("demo"), QStringLiteral("render"),
                                          QStringLiteral("--out"), out} +
                                  args,
                              &stdoutText, &err),
                 2);
        QVERIFY2(err.contains(message.toUtf8()), err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }

    void unknownExtension() {
        const QString out = path(QStringLiteral("d.gif"));
        QByteArray o, err;
        QCOMPARE(
            test::runCli({QStringLiteral("demo"), QStringLiteral("render"),
                          QStringLiteral("--history"), m_history, QStringLiteral("--out"), out},
                         &o, &err),
            2);
        QVERIFY2(err.contains("extension"), err.constData());
        QVERIFY(!QFileInfo::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestDemoRender)
#include "tst_demorender.moc"
