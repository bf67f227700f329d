// Build-time tool: renders the application's SVG icon to a square PNG for
// share/icons/hicolor/<size>x<size>/apps, through Qt's own SVG renderer (the one the console
// draws the icon with), so the PNGs cannot drift from the SVG.
#include <QCoreApplication>
#include <QImage>
#include <QImageReader>

#include <cstdio>

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 4) {
        std::fputs("usage: lockscope-iconrender ICON.svg SIZE OUT.png\n", stderr);
        return 2;
    }
    bool ok = false;
    const int size = args[2].toInt(&ok);
    if (!ok || size < 8 || size > 1024) {
        std::fprintf(stderr, "lockscope-iconrender: bad size '%s' (8 to 1024)\n",
                     qPrintable(args[2]));
        return 2;
    }
    QImageReader reader(args[1], "svg");
    reader.setScaledSize(QSize(size, size));
    const QImage image = reader.read().convertToFormat(QImage::Format_ARGB32);
    if (image.isNull() || image.size() != QSize(size, size)) {
        std::fprintf(stderr, "lockscope-iconrender: %s: %s (is libqt6svg6 installed?)\n",
                     qPrintable(args[1]), qPrintable(reader.errorString()));
        return 1;
    }
    if (!image.save(args[3], "PNG")) {
        std::fprintf(stderr, "lockscope-iconrender: cannot write %s\n", qPrintable(args[3]));
        return 1;
    }
    return 0;
}
