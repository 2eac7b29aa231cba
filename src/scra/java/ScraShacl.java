// ScraShacl: validate RDF data against SHACL shapes with Apache Jena SHACL; print the report as N-Triples.
//
// One-shot:  java -cp CP ScraShacl [--timing] [--format FMT] SHAPES CLOSURE DATA...
//   stdout: the sh:ValidationReport as N-Triples; exit 0.
//   exit 2: unreadable input, one line on stderr: "FILE:LINE:COL: message" (line/col when the parser gives them).
//   exit 3: any other error (bad shapes ...), one line on stderr.  exit 64: usage.
// Worker:    java -cp CP ScraShacl --worker
//   reads requests on stdin, one per line, tab-separated:  SHAPES <TAB> CLOSURE <TAB> FMT|- <TAB> DATA [<TAB> DATA ...]
//   answers on stdout with the report's N-Triples lines, then one marker line:
//     "#SCRA-END 0 parse_ms=.. validate_ms=.." on success,  "#SCRA-END 2 FILE:LINE:COL: message" for bad input,
//     "#SCRA-END 3 message" for other errors.  Shapes and closure are parsed once and cached by (path, size, mtime).
// The data graph is CLOSURE + all DATA files (no inference). Syntax comes from the file extension
// (.ttl .nt .nq .trig .jsonld .json .rdf .xml .owl) unless FMT is given (turtle, nt, nquads, trig, json-ld, xml).
// owl:imports of anything but the scra KG itself is refused (exit 2), as in scra's Python reader.
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import java.util.regex.Pattern;

import org.apache.jena.graph.*;
import org.apache.jena.riot.*;
import org.apache.jena.riot.system.ErrorHandler;
import org.apache.jena.shacl.*;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.util.iterator.ExtendedIterator;
import org.apache.jena.vocabulary.OWL;

public class ScraShacl {

    static final Pattern LOCAL_IMPORTS = Pattern.compile("^https://w3id\\.org/scra(/[0-9][0-9.]*)?/?#?$");

    /** Bad input: names the file and, where the parser gives them, line and column. */
    static class InputError extends RuntimeException {
        InputError(String file, long line, long col, String message) {
            super(file + (line > 0 ? ":" + line : "") + (col > 0 ? ":" + col : "") + ": " + oneLine(message));
        }
    }

    static String oneLine(String s) { return s == null ? "" : s.replaceAll("\\s+", " ").trim(); }

    static Lang langFor(String path, String fmt) {
        String f = fmt;
        if (f == null || f.isEmpty() || f.equals("-")) {
            String name = path.toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            f = dot < 0 ? "" : name.substring(dot + 1);
        }
        switch (f.toLowerCase(Locale.ROOT)) {
            case "ttl": case "turtle": return Lang.TURTLE;
            case "nt": case "ntriples": case "n-triples": return Lang.NTRIPLES;
            case "nq": case "nquads": return Lang.NQUADS;
            case "trig": return Lang.TRIG;
            case "jsonld": case "json": case "json-ld": return Lang.JSONLD;
            case "rdf": case "xml": case "owl": case "rdfxml": return Lang.RDFXML;
            default: throw new InputError(path, -1, -1, "cannot tell the RDF syntax from the extension '" + f + "'");
        }
    }

    static ErrorHandler handler(String file) {
        return new ErrorHandler() {
            public void warning(String message, long line, long col) { /* ill-typed literals etc.: SHACL reports them */ }
            public void error(String message, long line, long col) { throw new InputError(file, line, col, message); }
            public void fatal(String message, long line, long col) { throw new InputError(file, line, col, message); }
        };
    }

    /** Parse one file into graph (quads are merged into the default graph). */
    static void load(Graph graph, String path, String fmt) {
        if (!Files.isReadable(Paths.get(path))) throw new InputError(path, -1, -1, "cannot read file");
        Lang lang = langFor(path, fmt);
        String base = "file:///" + Paths.get(path).getFileName().toString();
        try {
            RDFParser.create().source(path).lang(lang).base(base).errorHandler(handler(path))
                     .parse(new org.apache.jena.riot.system.StreamRDFBase() {
                         @Override public void triple(Triple t) { graph.add(t); }
                         @Override public void quad(org.apache.jena.sparql.core.Quad q) { graph.add(q.asTriple()); }
                     });
        } catch (InputError e) {
            throw e;
        } catch (RiotException e) {
            throw new InputError(path, -1, -1, e.getMessage());
        }
    }

    static void refuseImports(Graph graph, String what) {
        ExtendedIterator<Triple> it = graph.find(Node.ANY, OWL.imports.asNode(), Node.ANY);
        try {
            while (it.hasNext()) {
                Node o = it.next().getObject();
                if (!(o.isURI() && LOCAL_IMPORTS.matcher(o.getURI()).matches()))
                    throw new InputError(what, -1, -1, "owl:imports <" + o + "> refused: scra does not fetch imports; "
                                                       + "pass the imported data as another input file");
            }
        } finally { it.close(); }
    }

    // ------------------------------------------------------------------ cached shapes and closure (worker)
    static final Map<String, Shapes> SHAPES = new HashMap<>();
    static final Map<String, Graph> CLOSURES = new HashMap<>();

    static String key(String path) throws IOException {
        Path p = Paths.get(path);
        return p.toAbsolutePath() + "|" + Files.size(p) + "|" + Files.getLastModifiedTime(p).toMillis();
    }

    static Shapes shapes(String path) throws IOException {
        String k = key(path);
        Shapes s = SHAPES.get(k);
        if (s == null) {
            Graph g = GraphFactory.createDefaultGraph();
            load(g, path, null);
            s = Shapes.parse(g);
            if (SHAPES.size() > 8) SHAPES.clear();
            SHAPES.put(k, s);
        }
        return s;
    }

    static Graph closure(String path) throws IOException {
        String k = key(path);
        Graph c = CLOSURES.get(k);
        if (c == null) {
            c = GraphFactory.createDefaultGraph();
            load(c, path, null);
            if (CLOSURES.size() > 8) CLOSURES.clear();
            CLOSURES.put(k, c);
        }
        return c;
    }

    /** Validate; write N-Triples to out; return timing text. */
    static String run(String shapesPath, String closurePath, String fmt, List<String> data, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        Shapes shapes = shapes(shapesPath);
        Graph graph = GraphFactory.createDefaultGraph();
        closure(closurePath).find().forEachRemaining(graph::add);
        for (String d : data) {
            Graph one = GraphFactory.createDefaultGraph();
            load(one, d, fmt);
            refuseImports(one, d);
            one.find().forEachRemaining(graph::add);
        }
        long t1 = System.nanoTime();
        ValidationReport report = ShaclValidator.get().validate(shapes, graph);
        long t2 = System.nanoTime();
        RDFDataMgr.write(out, report.getGraph(), Lang.NTRIPLES);
        out.flush();
        return String.format(Locale.ROOT, "parse_ms=%d validate_ms=%d triples=%d results=%d",
                             (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, graph.size(), report.getEntries().size());
    }

    static void worker() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        BufferedOutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        PrintStream marker = new PrintStream(out, false, "UTF-8");
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t");
            String status;
            if (f.length < 4) {
                status = "3 bad request: want SHAPES<TAB>CLOSURE<TAB>FMT|-<TAB>DATA...";
            } else {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                try {
                    String timing = run(f[0], f[1], f[2], Arrays.asList(f).subList(3, f.length), buf);
                    buf.writeTo(out);
                    status = "0 " + timing;
                } catch (InputError e) {
                    status = "2 " + e.getMessage();
                } catch (Throwable e) {
                    status = "3 " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage());
                }
            }
            marker.print("#SCRA-END " + status + "\n");
            marker.flush();
        }
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>();
        boolean timing = false, worker = false;
        String fmt = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--timing": timing = true; break;
                case "--worker": worker = true; break;
                case "--format": fmt = i + 1 < args.length ? args[++i] : null; break;
                default: rest.add(args[i]);
            }
        }
        try {
            if (worker) { worker(); System.exit(0); }
            if (rest.size() < 3) {
                System.err.println("usage: ScraShacl [--timing] [--format FMT] SHAPES CLOSURE DATA...  |  ScraShacl --worker");
                System.exit(64);
            }
            OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            String t = run(rest.get(0), rest.get(1), fmt, rest.subList(2, rest.size()), out);
            if (timing) System.err.println(t);
            System.exit(0);
        } catch (InputError e) {
            System.err.println(e.getMessage());
            System.exit(2);
        } catch (Throwable e) {
            System.err.println("jena shacl error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
            System.exit(3);
        }
    }
}
