//! A graph (topics, people or both) drawn as SVG in-process (no Graphviz at run time): a
//! force-directed layout (Fruchterman–Reingold) seeded deterministically by community,
//! then label boxes pushed apart until none overlap; node size by meetings, edge width by
//! weight, colour by community, and a legend.
//!
//! Invariant: the same graph always gives the same SVG (no randomness, no clock), in
//! bounded work: label boxes are separated in a fixed number of tries (no two overlap up
//! to at least 100 nodes, as the tests check).

use std::fmt::Write as _;

use super::write::{xml_escape, PALETTE};
use super::{EdgeKind, EntityGraph};

/// A placed node: centre, radius, label box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placed {
    /// Centre x.
    pub x: f64,
    /// Centre y.
    pub y: f64,
    /// Circle radius.
    pub r: f64,
    /// Label font size.
    pub font: f64,
    /// Label width (estimated).
    pub w: f64,
}

impl Placed {
    /// The label's box: (left, top, right, bottom); the label sits under the circle.
    #[must_use]
    pub fn label_box(&self) -> (f64, f64, f64, f64) {
        let top = self.y + self.r + 2.0;
        (
            self.x - self.w / 2.0,
            top,
            self.x + self.w / 2.0,
            top + self.font * 1.2,
        )
    }
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.56 + 4.0
}

fn display_label(label: &str) -> String {
    if label.chars().count() > 40 {
        let mut s: String = label.chars().take(38).collect();
        s.push('…');
        s
    } else {
        label.to_owned()
    }
}

/// Lays the graph out. Deterministic for a given graph.
#[must_use]
pub fn layout(g: &EntityGraph) -> Vec<Placed> {
    let n = g.nodes.len();
    if n == 0 {
        return Vec::new();
    }
    let max_meetings = g.nodes.iter().map(|x| x.meetings).max().unwrap_or(1).max(1) as f64;
    let mut placed: Vec<Placed> = g
        .nodes
        .iter()
        .map(|node| {
            let share = node.meetings as f64 / max_meetings;
            let font = 10.0 + 5.0 * share;
            Placed {
                x: 0.0,
                y: 0.0,
                r: 5.0 + 13.0 * share.sqrt(),
                font,
                w: text_width(&display_label(&node.label), font),
            }
        })
        .collect();
    // Seed: communities around a circle, members on a small circle around their centre.
    let communities = g.nodes.iter().map(|x| x.community).max().unwrap_or(0) + 1;
    let side = (n as f64).sqrt() * 90.0 + 200.0;
    let mut member = vec![0usize; communities];
    for (i, node) in g.nodes.iter().enumerate() {
        let c = node.community;
        let angle = std::f64::consts::TAU * c as f64 / communities as f64;
        let (cx, cy) = if communities == 1 {
            (0.0, 0.0)
        } else {
            (angle.cos() * side / 3.0, angle.sin() * side / 3.0)
        };
        let k = member[c];
        member[c] += 1;
        let a2 = k as f64 * 2.399_963; // golden angle
        let rad = 25.0 * (k as f64).sqrt();
        placed[i].x = cx + a2.cos() * rad;
        placed[i].y = cy + a2.sin() * rad;
    }
    // Fruchterman–Reingold on every edge (key-phrase edges weigh 1).
    let k = (side * side / n as f64).sqrt() * 0.6;
    let mut temperature = side / 8.0;
    let edges: Vec<(usize, usize, f64)> = g
        .edges
        .iter()
        .map(|e| (e.source, e.target, (e.weight.max(1) as f64).ln_1p()))
        .collect();
    // Fewer rounds for big graphs: the layout is O(n²) per round.
    let rounds = if n > 500 {
        80
    } else if n > 150 {
        150
    } else {
        300
    };
    for _ in 0..rounds {
        let mut disp = vec![(0.0_f64, 0.0_f64); n];
        for i in 0..n {
            for j in (i + 1)..n {
                let (dx, dy) = (placed[i].x - placed[j].x, placed[i].y - placed[j].y);
                let d = (dx * dx + dy * dy).sqrt().max(0.01);
                let f = k * k / d;
                disp[i].0 += dx / d * f;
                disp[i].1 += dy / d * f;
                disp[j].0 -= dx / d * f;
                disp[j].1 -= dy / d * f;
            }
        }
        for &(a, b, w) in &edges {
            let (dx, dy) = (placed[a].x - placed[b].x, placed[a].y - placed[b].y);
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            let f = d * d / k * (0.5 + w);
            disp[a].0 -= dx / d * f;
            disp[a].1 -= dy / d * f;
            disp[b].0 += dx / d * f;
            disp[b].1 += dy / d * f;
        }
        for i in 0..n {
            // Gravity keeps components together.
            disp[i].0 -= placed[i].x * 0.4;
            disp[i].1 -= placed[i].y * 0.4;
            let (dx, dy) = disp[i];
            let d = (dx * dx + dy * dy).sqrt().max(0.01);
            placed[i].x += dx / d * d.min(temperature);
            placed[i].y += dy / d * d.min(temperature);
        }
        temperature = (temperature * (1.0 - 9.0 / rounds as f64)).max(1.0);
    }
    // Push apart overlapping circles-with-labels; where that does not settle, spread the
    // whole layout a little and try again, which always ends (boxes keep their size).
    let (tries, per_try) = if n > 150 { (12, 8) } else { (60, 60) };
    for _ in 0..tries {
        if separate(&mut placed, per_try) {
            break;
        }
        for p in &mut placed {
            p.x *= 1.15;
            p.y *= 1.15;
        }
    }
    placed
}

/// Pushes overlapping node boxes apart; true when none overlap any more.
fn separate(placed: &mut [Placed], rounds: usize) -> bool {
    let n = placed.len();
    for _ in 0..rounds {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let (a, b) = (node_box(&placed[i]), node_box(&placed[j]));
                if !overlaps(a, b) {
                    continue;
                }
                moved = true;
                let ox = (a.2.min(b.2) - a.0.max(b.0)) / 2.0 + 1.0;
                let oy = (a.3.min(b.3) - a.1.max(b.1)) / 2.0 + 1.0;
                let sx = if placed[i].x <= placed[j].x {
                    -1.0
                } else {
                    1.0
                };
                let sy = if placed[i].y <= placed[j].y {
                    -1.0
                } else {
                    1.0
                };
                if ox < oy {
                    placed[i].x += sx * ox;
                    placed[j].x -= sx * ox;
                } else {
                    placed[i].y += sy * oy;
                    placed[j].y -= sy * oy;
                }
            }
        }
        if !moved {
            return true;
        }
    }
    false
}

/// The box a node takes: its circle and its label together.
#[must_use]
pub fn node_box(p: &Placed) -> (f64, f64, f64, f64) {
    let l = p.label_box();
    (l.0.min(p.x - p.r), p.y - p.r, l.2.max(p.x + p.r), l.3)
}

fn title(g: &EntityGraph) -> &'static str {
    let people = g.nodes.iter().any(|n| n.kind == "person");
    let topics = g.nodes.iter().any(|n| n.kind == "topic");
    match (people, topics) {
        (true, true) => "People and the topics of their meetings",
        (true, false) => "People who met together",
        _ => "Topics and how they relate",
    }
}

/// Renders the graph as a standalone SVG document.
#[must_use]
pub fn to_svg(g: &EntityGraph) -> String {
    let placed = layout(g);
    let margin = 30.0;
    let (mut x0, mut y0, mut x1, mut y1) = (0.0_f64, 0.0_f64, 10.0_f64, 10.0_f64);
    if let Some(first) = placed.first() {
        let b = node_box(first);
        (x0, y0, x1, y1) = b;
    }
    for p in &placed {
        let b = node_box(p);
        x0 = x0.min(b.0);
        y0 = y0.min(b.1);
        x1 = x1.max(b.2);
        y1 = y1.max(b.3);
    }
    // Legend on the right.
    let communities: Vec<usize> = {
        let mut c: Vec<usize> = g.nodes.iter().map(|n| n.community).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    let legend_w = 260.0;
    let legend_rows = communities.len().min(12);
    let legend_h = 90.0 + 20.0 * legend_rows as f64;
    let width = (x1 - x0) + 2.0 * margin + legend_w;
    let height = ((y1 - y0) + 2.0 * margin + 40.0).max(legend_h + 60.0);
    let (ox, oy) = (margin - x0, margin + 40.0 - y0);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"Helvetica, Arial, sans-serif\">"
    );
    let _ = writeln!(s, "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");
    let _ = writeln!(
        s,
        "<text x=\"{margin}\" y=\"28\" font-size=\"18\" font-weight=\"bold\" fill=\"#222\">{} ({} nodes, {} meetings max)</text>",
        title(g),
        g.nodes.len(),
        g.nodes.iter().map(|n| n.meetings).max().unwrap_or(0)
    );
    s.push_str("<g class=\"edges\">\n");
    let max_w = g.edges.iter().map(|e| e.weight).max().unwrap_or(1).max(1) as f64;
    for e in &g.edges {
        let (a, b) = (&placed[e.source], &placed[e.target]);
        let (width, dash, color) = match e.kind {
            EdgeKind::CoDiscussed | EdgeKind::CoAttended | EdgeKind::Discussed => {
                (1.0 + 5.0 * e.weight as f64 / max_w, "", "#555")
            }
            EdgeKind::Related => (1.5, " stroke-dasharray=\"5,4\"", "#7a5"),
            EdgeKind::Broader => (1.5, " stroke-dasharray=\"2,3\"", "#a75"),
            EdgeKind::SharedDocuments => (1.0 + 5.0 * e.weight as f64 / max_w, "", "#58a"),
            EdgeKind::SharedPeople => (1.0 + 5.0 * e.weight as f64 / max_w, "", "#a5a"),
        };
        let _ = writeln!(
            s,
            "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" stroke=\"{color}\" stroke-opacity=\"0.45\" stroke-width=\"{width:.1}\"{dash}><title>{} – {}: {} meetings, {} shared people, {} shared documents</title></line>",
            a.x + ox, a.y + oy, b.x + ox, b.y + oy,
            xml_escape(&g.nodes[e.source].label), xml_escape(&g.nodes[e.target].label), e.weight, e.shared_people, e.shared_documents
        );
    }
    s.push_str("</g>\n<g class=\"nodes\">\n");
    for (node, p) in g.nodes.iter().zip(&placed) {
        let color = PALETTE[node.community % PALETTE.len()];
        let (cx, cy) = (p.x + ox, p.y + oy);
        // Topics are circles; people (in the people and bipartite graphs) are squares.
        let shape = if node.kind == "person" {
            format!(
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"3\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"1.5\"/>",
                cx - p.r, cy - p.r, 2.0 * p.r, 2.0 * p.r
            )
        } else {
            format!("<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{:.1}\" fill=\"{color}\" stroke=\"#fff\" stroke-width=\"1.5\"/>", p.r)
        };
        let _ = writeln!(
            s,
            "<g class=\"node\" id=\"{}\"><title>{}: {} meetings ({} – {}), degree {}, betweenness {:.3}</title>{}<text x=\"{cx:.1}\" y=\"{:.1}\" font-size=\"{:.1}\" text-anchor=\"middle\" fill=\"#222\" stroke=\"#fff\" stroke-width=\"3\" stroke-opacity=\"0.85\" paint-order=\"stroke\">{}</text></g>",
            xml_escape(&node.id), xml_escape(&node.label), node.meetings, node.first, node.last, node.degree, node.betweenness,
            shape, cy + p.r + 2.0 + p.font, p.font, xml_escape(&display_label(&node.label))
        );
    }
    s.push_str("</g>\n");
    // Legend: communities named by their most discussed topic; sizes and widths.
    let lx = width - legend_w + 10.0;
    let _ = writeln!(
        s,
        "<g class=\"legend\"><rect x=\"{:.1}\" y=\"50\" width=\"{:.1}\" height=\"{legend_h:.1}\" fill=\"#f7f7f7\" stroke=\"#ddd\"/><text x=\"{:.1}\" y=\"70\" font-size=\"13\" font-weight=\"bold\" fill=\"#222\">Communities</text>",
        lx - 10.0, legend_w - 10.0, lx
    );
    for (row, c) in communities.iter().take(12).enumerate() {
        let lead = g
            .nodes
            .iter()
            .filter(|n| n.community == *c)
            .max_by_key(|n| (n.meetings, std::cmp::Reverse(n.label.clone())));
        let name = lead.map_or(String::new(), |n| display_label(&n.label));
        let y = 88.0 + 20.0 * row as f64;
        let _ = writeln!(
            s,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\" fill=\"{}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#333\">{}</text>",
            lx + 6.0, y - 4.0, PALETTE[c % PALETTE.len()], lx + 18.0, y, xml_escape(&name)
        );
    }
    let y = 88.0 + 20.0 * legend_rows as f64 + 6.0;
    let _ = writeln!(
        s,
        "<text x=\"{lx:.1}\" y=\"{y:.1}\" font-size=\"11\" fill=\"#555\">Circle size: meetings</text><text x=\"{lx:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#555\">Line width: meetings discussed together</text></g>",
        y + 16.0
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EntityEdge, EntityNode};

    fn graph(n: usize) -> EntityGraph {
        let nodes = (0..n)
            .map(|i| EntityNode {
                community: i % 5,
                ..EntityNode::new(
                    format!("t{i}"),
                    "topic",
                    format!("A fairly long topic label number {i}"),
                    (i % 7) as u64 + 1,
                    "2024-01-01".into(),
                    "2024-02-01".into(),
                )
            })
            .collect();
        let edges = (1..n)
            .map(|i| EntityEdge {
                source: i,
                target: (i * 7) % i,
                kind: EdgeKind::CoDiscussed,
                weight: (i % 3) as u64 + 1,
                shared_people: 0,
                shared_documents: 0,
            })
            .collect();
        EntityGraph { nodes, edges }
    }

    #[test]
    fn no_two_labels_overlap_up_to_100_nodes() {
        for n in [1, 2, 10, 100] {
            let placed = layout(&graph(n));
            for i in 0..n {
                for j in (i + 1)..n {
                    assert!(
                        !overlaps(node_box(&placed[i]), node_box(&placed[j])),
                        "{n} nodes: {i} and {j} overlap"
                    );
                }
            }
        }
    }

    #[test]
    fn svg_has_one_labelled_node_per_topic() {
        let svg = to_svg(&graph(12));
        assert_eq!(svg.matches("<g class=\"node\"").count(), 12);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(to_svg(&graph(12)), svg, "deterministic");
    }
}
