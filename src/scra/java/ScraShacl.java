// ScraShacl: validate RDF data against SHACL shapes with Apache Jena SHACL; print the report as N-Triples.
//
// One-shot:  java -cp CP ScraShacl [--timing] [--labels] [--format=FMT] SHAPES CLOSURE DATA...
//   stdout: the sh:ValidationReport as N-Triples; exit 0.
//   exit 2: unreadable input, one line on stderr: "FILE:LINE:COL: message" (line/col when the parser gives them).
//   exit 3: any other error (bad shapes ...), one line on stderr.  exit 64: usage.
// Worker:    java -cp CP ScraShacl --worker
//   reads requests on stdin, one per line, tab-separated:  [OPTION <TAB> ...] SHAPES <TAB> CLOSURE <TAB> DATA [<TAB> DATA ...]
//   (OPTION: --labels, --format=FMT)
//   answers on stdout with the report's N-Triples lines, then one marker line:
//     "#SCRA-END 0 parse_ms=.. validate_ms=.." on success,  "#SCRA-END 2 FILE:LINE:COL: message" for bad input,
//     "#SCRA-END 3 message" for other errors.  Shapes and closure are parsed once and cached by (path, size, mtime).
// The data graph is CLOSURE + all DATA files (no inference). Syntax comes from the file extension
// (.ttl .nt .nq .trig .jsonld .json .rdf .xml .owl) unless FMT is given (turtle, nt, nquads, trig, json-ld, xml);
// FMT applies to the DATA files only. --labels adds the rdfs:label / skos:prefLabel triples of every focus node
// (from the data graph) to the report graph.
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
import org.apache.jena.shacl.validation.ReportEntry;
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

    static final Node OWL_IMPORTS = OWL.imports.asNode();

    /** Parse one file straight into graph (quads are merged into the default graph). With refuseImports,
     *  owl:imports of anything but the scra KG is an input error (nothing is ever fetched anyway). */
    static void load(Graph graph, String path, String fmt, boolean refuseImports) {
        if (!Files.isReadable(Paths.get(path))) throw new InputError(path, -1, -1, "cannot read file");
        Lang lang = langFor(path, fmt);
        String base = "file:///" + Paths.get(path).getFileName().toString();
        try {
            RDFParser.create().source(path).lang(lang).base(base).errorHandler(handler(path))
                     .parse(new org.apache.jena.riot.system.StreamRDFBase() {
                         @Override public void triple(Triple t) {
                             if (refuseImports && t.getPredicate().equals(OWL_IMPORTS)) checkImport(t.getObject(), path);
                             graph.add(t);
                         }
                         @Override public void quad(org.apache.jena.sparql.core.Quad q) { triple(q.asTriple()); }
                     });
        } catch (InputError e) {
            throw e;
        } catch (RiotException e) {
            throw new InputError(path, -1, -1, e.getMessage());
        }
    }

    static void checkImport(Node o, String path) {
        if (!(o.isURI() && LOCAL_IMPORTS.matcher(o.getURI()).matches()))
            throw new InputError(path, -1, -1, "owl:imports <" + o + "> refused: scra does not fetch imports; "
                                               + "pass the imported data as another input file");
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
            load(g, path, null, false);
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
            load(c, path, null, false);
            if (CLOSURES.size() > 8) CLOSURES.clear();
            CLOSURES.put(k, c);
        }
        return c;
    }

    /** Validate; write N-Triples to out; return timing text. */
    static String run(String shapesPath, String closurePath, String fmt, boolean labels, List<String> data, OutputStream out) throws IOException {
        long t0 = System.nanoTime();
        Shapes shapes = shapes(shapesPath);
        Graph graph = GraphFactory.createDefaultGraph();
        closure(closurePath).find().forEachRemaining(graph::add);
        for (String d : data) load(graph, d, fmt, true);
        long t1 = System.nanoTime();
        ValidationReport report = ShaclValidator.get().validate(shapes, graph);
        long t2 = System.nanoTime();
        Graph result = report.getGraph();
        fillMessageTemplates(result, shapes.getGraph(), graph);
        if (labels) {
            Node[] props = { org.apache.jena.vocabulary.RDFS.label.asNode(), org.apache.jena.vocabulary.SKOS.prefLabel.asNode() };
            Set<Node> foci = new HashSet<>();
            for (ReportEntry e : report.getEntries()) foci.add(e.focusNode());
            for (Node focus : foci)
                for (Node p : props)
                    graph.find(focus, p, Node.ANY).forEachRemaining(t -> { if (t.getObject().isLiteral()) result.add(t); });
        }
        RDFDataMgr.write(out, result, Lang.NTRIPLES);
        out.flush();
        return String.format(Locale.ROOT, "parse_ms=%d validate_ms=%d triples=%d results=%d",
                             (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, graph.size(), report.getEntries().size());
    }

    // ------------------------------------------------------------------ SHACL-SPARQL message templates
    // Jena 4.5 copies a SPARQL constraint's sh:message as written; the spec (and pySHACL) substitute {?var} / {$var}
    // with the solution's bindings. We re-run the constraint's SELECT for the focus node and fill them in.
    static final Pattern TEMPLATE = Pattern.compile("\\{[?$]([A-Za-z_][A-Za-z0-9_]*)\\}");
    static final String SH = "http://www.w3.org/ns/shacl#";
    static Node sh(String local) { return NodeFactory.createURI(SH + local); }

    static void fillMessageTemplates(Graph report, Graph shapesGraph, Graph data) {
        List<Triple> results = report.find(Node.ANY, sh("result"), Node.ANY).toList();
        Map<Node, org.apache.jena.query.Query> queries = new HashMap<>();
        org.apache.jena.rdf.model.Model model = null;
        for (Triple link : results) {
            Node r = link.getObject();
            List<Triple> messages = report.find(r, sh("resultMessage"), Node.ANY).toList();
            if (messages.stream().noneMatch(t -> t.getObject().isLiteral() && TEMPLATE.matcher(t.getObject().getLiteralLexicalForm()).find()))
                continue;
            Node shape = first(report, r, sh("sourceShape")), focus = first(report, r, sh("focusNode"));
            Node value = first(report, r, sh("value")), path = first(report, r, sh("resultPath"));
            if (shape == null || focus == null) continue;
            for (Triple c : shapesGraph.find(shape, sh("sparql"), Node.ANY).toList()) {
                org.apache.jena.query.Query q = queries.computeIfAbsent(c.getObject(), k -> sparqlQuery(shapesGraph, k));
                if (q == null) continue;
                if (model == null) model = org.apache.jena.rdf.model.ModelFactory.createModelForGraph(data);
                org.apache.jena.query.QuerySolutionMap initial = new org.apache.jena.query.QuerySolutionMap();
                initial.add("this", model.asRDFNode(focus));
                Map<String, Node> binding = null;
                try (org.apache.jena.query.QueryExecution qe = org.apache.jena.query.QueryExecutionFactory.create(q, model, initial)) {
                    org.apache.jena.query.ResultSet rs = qe.execSelect();
                    while (rs.hasNext() && binding == null) {
                        org.apache.jena.sparql.engine.binding.Binding b = rs.nextBinding();
                        Node v = b.get(org.apache.jena.sparql.core.Var.alloc("value"));
                        Node p = b.get(org.apache.jena.sparql.core.Var.alloc("path"));
                        if ((value == null || value.equals(v)) && (path == null || p == null || path.equals(p))) {
                            binding = new HashMap<>();
                            for (Iterator<org.apache.jena.sparql.core.Var> it = b.vars(); it.hasNext(); ) {
                                org.apache.jena.sparql.core.Var var = it.next();
                                binding.put(var.getVarName(), b.get(var));
                            }
                            binding.put("this", focus);
                        }
                    }
                } catch (RuntimeException e) { continue; }
                if (binding == null) continue;
                for (Triple m : messages) {
                    Node lit = m.getObject();
                    if (!lit.isLiteral()) continue;
                    String text = fill(lit.getLiteralLexicalForm(), binding);
                    if (text.equals(lit.getLiteralLexicalForm())) continue;
                    report.delete(m);
                    String lang = lit.getLiteralLanguage();
                    report.add(Triple.create(r, m.getPredicate(), lang == null || lang.isEmpty()
                        ? NodeFactory.createLiteral(text) : NodeFactory.createLiteral(text, lang)));
                }
                break;
            }
        }
    }

    static Node first(Graph g, Node s, Node p) {
        ExtendedIterator<Triple> it = g.find(s, p, Node.ANY);
        try { return it.hasNext() ? it.next().getObject() : null; } finally { it.close(); }
    }

    static String fill(String template, Map<String, Node> binding) {
        java.util.regex.Matcher m = TEMPLATE.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Node n = binding.get(m.group(1));
            String text = n == null ? m.group() : n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? n.getURI() : n.toString();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(text));
        }
        m.appendTail(out);
        return out.toString();
    }

    static org.apache.jena.query.Query sparqlQuery(Graph shapesGraph, Node constraint) {
        Node select = first(shapesGraph, constraint, sh("select"));
        if (select == null || !select.isLiteral()) return null;
        StringBuilder prefixes = new StringBuilder();
        for (Triple pt : shapesGraph.find(constraint, sh("prefixes"), Node.ANY).toList())
            for (Triple decl : shapesGraph.find(pt.getObject(), sh("declare"), Node.ANY).toList()) {
                Node prefix = first(shapesGraph, decl.getObject(), sh("prefix"));
                Node ns = first(shapesGraph, decl.getObject(), sh("namespace"));
                if (prefix != null && ns != null)
                    prefixes.append("PREFIX ").append(prefix.getLiteralLexicalForm()).append(": <")
                            .append(ns.isLiteral() ? ns.getLiteralLexicalForm() : ns.getURI()).append(">\n");
            }
        try { return org.apache.jena.query.QueryFactory.create(prefixes + select.getLiteralLexicalForm()); }
        catch (RuntimeException e) { return null; }
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
            Options o = new Options(f);
            if (o.rest.size() < 3) {
                status = "3 bad request: want [OPTIONS<TAB>]SHAPES<TAB>CLOSURE<TAB>DATA...";
            } else {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                try {
                    String timing = run(o.rest.get(0), o.rest.get(1), o.format, o.labels, o.rest.subList(2, o.rest.size()), buf);
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

    static class Options {
        boolean timing, worker, labels;
        String format;
        List<String> rest = new ArrayList<>();
        Options(String[] args) {
            for (String a : args) {
                if (a.equals("--timing")) timing = true;
                else if (a.equals("--worker")) worker = true;
                else if (a.equals("--labels")) labels = true;
                else if (a.startsWith("--format=")) format = a.substring(9);
                else rest.add(a);
            }
        }
    }

    public static void main(String[] args) {
        Options o = new Options(args);
        try {
            if (o.worker) { worker(); System.exit(0); }
            if (o.rest.size() < 3) {
                System.err.println("usage: ScraShacl [--timing] [--labels] [--format=FMT] SHAPES CLOSURE DATA...  |  ScraShacl --worker");
                System.exit(64);
            }
            OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
            String t = run(o.rest.get(0), o.rest.get(1), o.format, o.labels, o.rest.subList(2, o.rest.size()), out);
            if (o.timing) System.err.println(t);
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
