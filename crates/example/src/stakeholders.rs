//! Stakeholders (actors and key-informant checklists), their linkages, and
//! the employment table by region × industry.

use crate::params::{INDUSTRIES, REGIONS, SECTORS, SPECIALISATION};
use crate::rng::Rng;
use crate::text;

/// One actor row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ActorRow {
    pub sector: usize,
    pub id: String,
    pub name: &'static str,
    pub kind: &'static str,
    pub programmes: i64,
    pub trainees: i64,
    /// Interviewed as a key informant.
    pub kii: bool,
    pub informant_name: Option<String>,
    pub informant_phone: Option<String>,
    /// Indices of checklist items (in `CHECKLIST` order) left blank.
    pub blanks: Vec<usize>,
}

/// One linkage row (undirected; `from < to`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkRow {
    pub sector: usize,
    pub from: String,
    pub to: String,
    /// 0 (asked, no link) to 3 (strong).
    pub strength: i64,
    pub kind: &'static str,
}

/// Checklist columns (name, label) in output order; values come from the
/// sector's planted `Kii`.
pub(crate) const CHECKLIST: [(&str, &str); 19] = [
    (
        "sup_inputs",
        "B1: specialised input suppliers present locally (1 yes, 0 no)",
    ),
    (
        "sup_machinery",
        "B1: machinery and repair suppliers present locally",
    ),
    ("sup_packaging", "B1: packaging suppliers present locally"),
    (
        "sup_logistics",
        "B1: logistics / transport providers present locally",
    ),
    (
        "inst_training",
        "D2: specialised training institution serves the sector",
    ),
    ("inst_rnd", "D2: R&D institution serves the sector"),
    (
        "inst_testing",
        "D2: testing / quality lab serves the sector",
    ),
    ("inst_bds", "D2: business development services available"),
    ("inst_cfc", "D2: common facility centre available"),
    (
        "assoc_exists",
        "D1: a business association of the sector exists",
    ),
    (
        "assoc_service_12m",
        "D1: the association delivered at least one service in 12 months",
    ),
    (
        "finance_products",
        "D3: banks offer finance products designed for the sector",
    ),
    ("infra_power", "E3: power supply adequate"),
    ("infra_water", "E3: water supply adequate"),
    ("infra_roads", "E3: roads and transport adequate"),
    (
        "infra_estate",
        "E3: industrial estate / SEZ / market place adequate",
    ),
    ("infra_common", "E3: common facilities adequate"),
    (
        "infra_connect",
        "E3: telecom and internet connectivity adequate",
    ),
    (
        "shared_threats",
        "A3: firms face shared threats (named in `threats`)",
    ),
];

/// The planted checklist answers of a sector, in `CHECKLIST` order.
pub(crate) fn checklist_values(sector: usize) -> [bool; 19] {
    let k = &SECTORS[sector].kii;
    [
        k.suppliers[0],
        k.suppliers[1],
        k.suppliers[2],
        k.suppliers[3],
        k.institutions[0],
        k.institutions[1],
        k.institutions[2],
        k.institutions[3],
        k.institutions[4],
        k.assoc_exists,
        k.assoc_service,
        k.finance_products,
        k.infra[0],
        k.infra[1],
        k.infra[2],
        k.infra[3],
        k.infra[4],
        k.infra[5],
        !k.threats.is_empty(),
    ]
}

fn prefix(id: &str) -> String {
    id.chars().take(3).collect::<String>().to_uppercase()
}

/// Actors of every sector, with key informants and programmes.
pub(crate) fn actors(seed: u64) -> Vec<ActorRow> {
    let mut out = Vec::new();
    for (s, spec) in SECTORS.iter().enumerate() {
        let mut rng = Rng::new(seed, &format!("stakeholders/{}", spec.id));
        // Four key informants, chosen among the actors with a preference for
        // associations, lead firms and government.
        let mut weights: Vec<f64> = spec
            .actors
            .iter()
            .map(|a| match a.kind {
                "association" | "cooperative" | "sez_authority" => 4.0,
                "lead_firm" | "government" => 3.0,
                _ => 1.0,
            })
            .collect();
        let mut informants = Vec::new();
        for _ in 0..4 {
            let i = rng.weighted_index(&weights);
            weights[i] = 0.0;
            informants.push(i);
        }
        for (i, a) in spec.actors.iter().enumerate() {
            let kii = informants.contains(&i);
            let blanks = if kii && rng.bernoulli(0.25) {
                vec![12 + rng.index(6)]
            } else {
                Vec::new()
            };
            out.push(ActorRow {
                sector: s,
                id: format!("{}{:02}", prefix(spec.id), i + 1),
                name: a.name,
                kind: a.kind,
                programmes: a.programmes,
                trainees: a.trainees,
                kii,
                informant_name: kii.then(|| text::informant_name(&mut rng)),
                informant_phone: if kii && rng.bernoulli(0.8) {
                    Some(text::phone(&mut rng))
                } else {
                    None
                },
                blanks,
            });
        }
    }
    out
}

fn pair_weight(a: &str, b: &str) -> f64 {
    let has = |k: &str| a == k || b == k;
    let both = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
    let assoc = |k: &str| matches!(k, "association" | "chamber" | "cooperative");
    if (a == "training_institute" && assoc(b)) || (b == "training_institute" && assoc(a)) {
        return 0.02;
    }
    if has("government") {
        return 0.35;
    }
    if both("lead_firm", "association") || both("lead_firm", "cooperative") {
        4.0
    } else if both("lead_firm", "bank") || both("lead_firm", "sez_authority") {
        3.0
    } else if both("lead_firm", "lead_firm")
        || both("lead_firm", "training_institute")
        || both("association", "chamber")
        || both("ngo", "training_institute")
        || both("research_institute", "university")
        || both("microfinance", "cooperative")
    {
        2.0
    } else if both("ngo", "cooperative") {
        3.0
    } else {
        1.0
    }
}

fn link_kind(a: &str, b: &str) -> &'static str {
    let has = |k: &str| a == k || b == k;
    if has("government") || has("sez_authority") {
        "regulation"
    } else if has("bank") || has("microfinance") {
        "finance"
    } else if has("training_institute") || has("university") || has("research_institute") {
        "training"
    } else if has("lead_firm") && (has("association") || has("cooperative") || has("lead_firm")) {
        "market"
    } else {
        "information"
    }
}

/// Linkages of every sector at the planted density: `round(d · n(n−1)/2)`
/// undirected ties, drawn without replacement with kind-dependent
/// propensities; government actors get at most two ties. A few pairs asked
/// about and reported unlinked appear with strength 0.
pub(crate) fn linkages(seed: u64, actors: &[ActorRow]) -> Vec<LinkRow> {
    let mut out = Vec::new();
    for (s, spec) in SECTORS.iter().enumerate() {
        let mut rng = Rng::new(seed, &format!("linkages/{}", spec.id));
        let members: Vec<&ActorRow> = actors.iter().filter(|a| a.sector == s).collect();
        let n = members.len();
        let pairs: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect();
        let target = (spec.density * pairs.len() as f64).round() as usize;
        let mut weights: Vec<f64> = pairs
            .iter()
            .map(|&(i, j)| pair_weight(members[i].kind, members[j].kind))
            .collect();
        let mut degree_gov = vec![0usize; n];
        let mut chosen = Vec::new();
        while chosen.len() < target && weights.iter().any(|w| *w > 0.0) {
            let k = rng.weighted_index(&weights);
            weights[k] = 0.0;
            let (i, j) = pairs[k];
            let gov_i = members[i].kind == "government";
            let gov_j = members[j].kind == "government";
            if (gov_i && degree_gov[i] >= 2) || (gov_j && degree_gov[j] >= 2) {
                continue;
            }
            degree_gov[i] += 1;
            degree_gov[j] += 1;
            chosen.push(k);
        }
        chosen.sort_unstable();
        let strong = spec.density > 0.2;
        for &k in &chosen {
            let (i, j) = pairs[k];
            let strength = if strong {
                rng.pick(&[(1, 0.3), (2, 0.4), (3, 0.3)])
            } else {
                rng.pick(&[(1, 0.55), (2, 0.33), (3, 0.12)])
            };
            out.push(LinkRow {
                sector: s,
                from: members[i].id.clone(),
                to: members[j].id.clone(),
                strength,
                kind: link_kind(members[i].kind, members[j].kind),
            });
        }
        // Two reported non-links.
        let unlinked: Vec<usize> = (0..pairs.len()).filter(|k| !chosen.contains(k)).collect();
        for k in rng.srs(unlinked.len(), 2) {
            let (i, j) = pairs[unlinked[k]];
            out.push(LinkRow {
                sector: s,
                from: members[i].id.clone(),
                to: members[j].id.clone(),
                strength: 0,
                kind: link_kind(members[i].kind, members[j].kind),
            });
        }
    }
    out
}

/// One cell of the employment table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EmploymentRow {
    pub region: usize,
    pub industry: usize,
    pub employed: i64,
}

/// Employment by region × industry: regional totals spread over industries
/// by national base shares times the planted specialisation multipliers,
/// with a little noise.
pub(crate) fn employment(seed: u64) -> Vec<EmploymentRow> {
    let mut rng = Rng::new(seed, "employment");
    let mut out = Vec::new();
    for (r, region) in REGIONS.iter().enumerate() {
        let raw: Vec<f64> = INDUSTRIES
            .iter()
            .map(|ind| {
                let mult = SPECIALISATION
                    .iter()
                    .find(|(reg, code, _)| *reg == region.id && *code == ind.code)
                    .map_or(1.0, |x| x.2);
                ind.base * mult * rng.lognormal(0.0, 0.08)
            })
            .collect();
        let total: f64 = raw.iter().sum();
        for (i, x) in raw.iter().enumerate() {
            out.push(EmploymentRow {
                region: r,
                industry: i,
                employed: (region.employed * x / total).round() as i64,
            });
        }
    }
    out
}

/// One coded segment of a key-informant interview.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SegmentRow {
    pub sector: usize,
    pub interview: String,
    pub actor_type: &'static str,
    pub code: &'static str,
    pub supports: bool,
    pub quote: String,
}

/// What key informants say about joint action, the association, training
/// and infrastructure: each informant touches two or three of these, in
/// the direction the sector's planted answers point, and every informant
/// names the sector's shared threats.
pub(crate) fn segments(seed: u64, actors: &[ActorRow]) -> Vec<SegmentRow> {
    let mut out = Vec::new();
    for (s, spec) in SECTORS.iter().enumerate() {
        let mut rng = Rng::new(seed, &format!("segments/{}", spec.id));
        let k = &spec.kii;
        let infra = k.infra.iter().filter(|x| **x).count();
        // (code, supports, quote when supporting, quote when contradicting)
        let topics: [(&str, bool, &str, &str); 4] = [
            (
                "joint_action",
                spec.fs.joint_action >= 0.10,
                "A few of us buy inputs together and share a stall at the fair.",
                "Everyone works alone here; firms do not do anything together.",
            ),
            (
                "association",
                k.assoc_exists && k.assoc_service,
                "The association helped us this year with the tax office and a trade fair.",
                "There is no association that does anything for small firms.",
            ),
            (
                "training",
                spec.fs.training_given >= 0.30,
                "Local young people are trained here and then hired as operators.",
                "Nobody trains workers; people learn on the job or not at all.",
            ),
            (
                "infrastructure",
                infra >= 4,
                "Power, roads and the estate are adequate for our work.",
                "Load-shedding and broken roads cost us orders every month.",
            ),
        ];
        for a in actors.iter().filter(|a| a.sector == s && a.kii) {
            let interview = format!("KII-{}", a.id);
            out.push(SegmentRow {
                sector: s,
                interview: interview.clone(),
                actor_type: a.kind,
                code: "common_threats",
                supports: !k.threats.is_empty(),
                quote: k.threats.to_string(),
            });
            let take = 2 + usize::from(rng.bernoulli(0.5));
            let mut order: Vec<usize> = (0..topics.len()).collect();
            rng.shuffle(&mut order);
            for &t in order.iter().take(take) {
                let (code, supports, yes, no) = topics[t];
                out.push(SegmentRow {
                    sector: s,
                    interview: interview.clone(),
                    actor_type: a.kind,
                    code,
                    supports,
                    quote: (if supports { yes } else { no }).to_string(),
                });
            }
        }
    }
    out
}
