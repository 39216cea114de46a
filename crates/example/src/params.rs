//! The planted parameters of the synthetic Sindh example, as plain tables.
//!
//! Nothing outside this crate reads these numbers: the analyses must find the
//! structure from the generated microdata. Where the seed study is silent the
//! values are plausible design choices, not facts about Sindh. The few sourced
//! facts are: the official poverty line (Rs 3,030.32 per adult equivalent per
//! month at 2013-14 prices); Thar coal hiring (about 75% of hires from the
//! district, a further 19% from the rest of Sindh; 28 of 221 managers local;
//! over 3,000 local youth trained); fisheries supervisory and managerial local
//! participation of about 1% each (the seed's finding).

/// A district where the example's sectors operate or households are surveyed.
pub(crate) struct District {
    pub id: &'static str,
    pub label: &'static str,
    pub lat: f64,
    pub lon: f64,
}

pub(crate) const DISTRICTS: &[District] = &[
    District {
        id: "karachi",
        label: "Karachi",
        lat: 24.86,
        lon: 67.01,
    },
    District {
        id: "thatta",
        label: "Thatta",
        lat: 24.75,
        lon: 67.92,
    },
    District {
        id: "badin",
        label: "Badin",
        lat: 24.66,
        lon: 68.84,
    },
    District {
        id: "matiari",
        label: "Matiari (Hala)",
        lat: 25.81,
        lon: 68.42,
    },
    District {
        id: "sanghar",
        label: "Sanghar",
        lat: 26.05,
        lon: 68.95,
    },
    District {
        id: "tharparkar",
        label: "Tharparkar",
        lat: 24.74,
        lon: 70.05,
    },
    District {
        id: "khairpur",
        label: "Khairpur",
        lat: 27.53,
        lon: 68.76,
    },
];

/// The district record of an id.
pub(crate) fn district(id: &str) -> &'static District {
    DISTRICTS
        .iter()
        .find(|d| d.id == id)
        .unwrap_or(&DISTRICTS[0])
}

/// Job levels, in code order 1, 2, 3.
pub(crate) const LEVELS: [(&str, &str); 3] = [
    ("entry", "Entry"),
    ("supervisory", "Supervisory"),
    ("managerial", "Managerial"),
];

/// Origin (domicile) tiers, in code order 1–4.
pub(crate) const ORIGINS: [(&str, &str); 4] = [
    ("district", "Same district as the firm"),
    ("sindh", "Rest of Sindh"),
    ("other_province", "Other province of Pakistan"),
    ("foreign", "Foreign"),
];

/// Training providers, in code order 1–4.
pub(crate) const PROVIDERS: [(&str, &str); 4] = [
    ("govt", "Government"),
    ("industry", "Industry / own firm"),
    ("ngo", "NGO / donor"),
    ("other", "Other"),
];

/// A stratum of the firm survey: one district of one sector.
pub(crate) struct Stratum {
    pub district: &'static str,
    /// Principal units on the frame.
    pub population: usize,
    /// Units sampled (probability proportional to size).
    pub sample: usize,
}

/// A kind of principal unit in a sector.
pub(crate) struct FirmType {
    pub id: &'static str,
    pub label: &'static str,
    /// Share of the frame.
    pub share: f64,
    /// Log-normal employment size: median `exp(ln_mu)`.
    pub ln_mu: f64,
    pub ln_sigma: f64,
    pub min: i64,
    pub max: i64,
    /// Shares of employment at supervisory and managerial level.
    pub sup_share: f64,
    pub mgr_share: f64,
}

/// Design-weighted firm-survey shares to plant (see FRAMEWORKS.md for the
/// evidence each indicator uses).
pub(crate) struct FsTargets {
    /// A3: firm's main product is the sector's core product.
    pub core_product: f64,
    /// B1: buys most inputs in the district.
    pub inputs_district: f64,
    /// B2: sells outside the province, exports, or sells via traders.
    pub sells_beyond: f64,
    /// B3: subcontracts to or from other local firms.
    pub subcontract: f64,
    /// C1: at least one joint action in 12 months.
    pub joint_action: f64,
    /// C2: mean of the three trust items (1–5).
    pub trust: f64,
    /// C3: innovated in 3 years naming a local source.
    pub innov_local: f64,
    /// D1: member of a business association.
    pub assoc_member: f64,
    /// D2: used at least one support institution in 12 months.
    pub support_any: f64,
    /// D3: has formal credit.
    pub formal_credit: f64,
    /// E2: gave formal training in 12 months.
    pub training_given: f64,
    /// E1: ease of hiring skilled staff (1–5), mean.
    pub ease_hiring: f64,
}

/// Key-informant checklist answers for a sector.
pub(crate) struct Kii {
    /// Local input, machinery/repair, packaging, logistics suppliers present.
    pub suppliers: [bool; 4],
    pub threats: &'static str,
    /// Specialised training, R&D, testing, BDS, common-facility institutions.
    pub institutions: [bool; 5],
    pub assoc_exists: bool,
    pub assoc_service: bool,
    pub finance_products: bool,
    /// "formal", "informal" or "none".
    pub cluster_body: &'static str,
    /// Power, water, roads, estate/SEZ, common facilities, connectivity.
    pub infra: [bool; 6],
    pub govt_designated: bool,
}

/// An actor of a sector's stakeholder network.
pub(crate) struct Actor {
    pub name: &'static str,
    pub kind: &'static str,
    /// Training programmes run in the last 12 months and persons trained.
    pub programmes: i64,
    pub trainees: i64,
}

/// Everything planted for one sector.
pub(crate) struct SectorSpec {
    pub id: &'static str,
    pub label: &'static str,
    pub core_product: &'static str,
    pub strata: &'static [Stratum],
    pub types: &'static [FirmType],
    /// Origin-tier distribution by level (entry, supervisory, managerial):
    /// shares of (district, rest of Sindh, other province, foreign). The
    /// district share is calibrated exactly (design-weighted); the rest
    /// follow.
    pub origin: [[f64; 4]; 3],
    /// ISCO-08 4-digit occupations by level, with weights.
    pub isco: [&'static [(i64, f64)]; 3],
    pub fs: FsTargets,
    /// Median monthly wage (PKR) by level.
    pub wage: [f64; 3],
    /// Provider mix of firm training programmes.
    pub providers: [f64; 4],
    /// Share of workers trained in 12 months when their firm gave training.
    pub worker_trained_if_firm: f64,
    pub kii: Kii,
    pub actors: &'static [Actor],
    /// Undirected linkage density to plant.
    pub density: f64,
    /// Sector effect on the HRD latent score of workers.
    pub hrd_effect: f64,
}

/// Occupation titles of the ISCO-08 unit groups used (value labels).
pub(crate) const ISCO_TITLES: &[(i64, &str)] = &[
    (1211, "Finance managers"),
    (1212, "Human resource managers"),
    (1311, "Agricultural and forestry production managers"),
    (1312, "Aquaculture and fisheries production managers"),
    (1321, "Manufacturing managers"),
    (1322, "Mining managers"),
    (1324, "Supply, distribution and related managers"),
    (1420, "Retail and wholesale trade managers"),
    (2132, "Farming, forestry and fisheries advisers"),
    (2144, "Mechanical engineers"),
    (2145, "Chemical engineers"),
    (
        2146,
        "Mining engineers, metallurgists and related professionals",
    ),
    (2151, "Electrical engineers"),
    (2163, "Product and garment designers"),
    (2411, "Accountants"),
    (3113, "Electrical engineering technicians"),
    (3115, "Mechanical engineering technicians"),
    (3116, "Chemical engineering technicians"),
    (3121, "Mining supervisors"),
    (3122, "Manufacturing supervisors"),
    (3123, "Construction supervisors"),
    (3131, "Power production plant operators"),
    (3142, "Agricultural technicians"),
    (3152, "Ships' deck officers and pilots"),
    (3322, "Commercial sales representatives"),
    (4110, "General office clerks"),
    (4321, "Stock clerks"),
    (6111, "Field crop and vegetable growers"),
    (6112, "Tree and shrub crop growers"),
    (6222, "Inland and coastal waters fishery workers"),
    (6223, "Deep-sea fishery workers"),
    (7113, "Stonesplitters, cutters and carvers"),
    (7212, "Welders and flamecutters"),
    (
        7233,
        "Agricultural and industrial machinery mechanics and repairers",
    ),
    (7314, "Potters and related workers"),
    (
        7317,
        "Handicraft workers in wood, basketry and related materials",
    ),
    (
        7318,
        "Handicraft workers in textile, leather and related materials",
    ),
    (7322, "Printers"),
    (7411, "Building and related electricians"),
    (7412, "Electrical mechanics and fitters"),
    (7511, "Butchers, fishmongers and related food preparers"),
    (7514, "Fruit, vegetable and related preservers"),
    (8111, "Miners and quarriers"),
    (8112, "Mineral and stone processing plant operators"),
    (8160, "Food and related products machine operators"),
    (8182, "Steam engine and boiler operators"),
    (8332, "Heavy truck and lorry drivers"),
    (8342, "Earthmoving and related plant operators"),
    (8350, "Ships' deck crews and related workers"),
    (9211, "Crop farm labourers"),
    (9216, "Fishery and aquaculture labourers"),
    (9311, "Mining and quarrying labourers"),
    (9312, "Civil engineering labourers"),
    (9321, "Hand packers"),
    (9329, "Manufacturing labourers not elsewhere classified"),
    (9333, "Freight handlers"),
];

#[allow(clippy::too_many_arguments)] // a table row, read positionally
const fn ft(
    id: &'static str,
    label: &'static str,
    share: f64,
    ln_mu: f64,
    ln_sigma: f64,
    min: i64,
    max: i64,
    sup_share: f64,
    mgr_share: f64,
) -> FirmType {
    FirmType {
        id,
        label,
        share,
        ln_mu,
        ln_sigma,
        min,
        max,
        sup_share,
        mgr_share,
    }
}

const fn st(district: &'static str, population: usize, sample: usize) -> Stratum {
    Stratum {
        district,
        population,
        sample,
    }
}

const fn actor(name: &'static str, kind: &'static str, programmes: i64, trainees: i64) -> Actor {
    Actor {
        name,
        kind,
        programmes,
        trainees,
    }
}

/// Actor types (value set of `actor_type`).
pub(crate) const ACTOR_TYPES: &[(&str, &str)] = &[
    ("association", "Industry / business association"),
    ("chamber", "Chamber of commerce"),
    ("cooperative", "Producers' cooperative"),
    ("training_institute", "Training institute (TVET)"),
    ("university", "University"),
    ("research_institute", "Research institute / testing lab"),
    ("government", "Government department"),
    ("sez_authority", "SEZ / zone authority"),
    ("bank", "Bank"),
    ("microfinance", "Microfinance institution"),
    ("ngo", "NGO / donor programme"),
    ("lead_firm", "Lead firm"),
    ("bds_provider", "Business development service provider"),
];

/// The six sectors of the example.
pub(crate) const SECTORS: &[SectorSpec] = &[
    SectorSpec {
        id: "sugar",
        label: "Sugar mills and cane supply",
        core_product: "sugar or sugarcane",
        strata: &[
            st("thatta", 140, 25),
            st("badin", 180, 28),
            st("matiari", 110, 22),
            st("sanghar", 160, 25),
        ],
        types: &[
            ft(
                "mill",
                "Sugar mill",
                0.06,
                6.4,
                0.45,
                180,
                2200,
                0.10,
                0.035,
            ),
            ft("grower", "Cane grower", 0.80, 2.8, 0.6, 4, 120, 0.06, 0.02),
            ft(
                "cane_contractor",
                "Cane transport contractor",
                0.14,
                3.1,
                0.5,
                5,
                90,
                0.08,
                0.03,
            ),
        ],
        origin: [
            [0.85, 0.10, 0.05, 0.0],
            [0.45, 0.35, 0.19, 0.01],
            [0.20, 0.45, 0.33, 0.02],
        ],
        isco: [
            &[
                (9211, 0.35),
                (8160, 0.15),
                (9329, 0.15),
                (8332, 0.08),
                (8182, 0.05),
                (7233, 0.06),
                (7412, 0.04),
                (4321, 0.04),
                (6111, 0.05),
                (3116, 0.03),
                (2145, 0.03),
                (2144, 0.02),
                (2411, 0.02),
            ],
            &[
                (3122, 0.40),
                (3116, 0.15),
                (3115, 0.15),
                (3113, 0.10),
                (3142, 0.10),
                (2145, 0.10),
            ],
            &[
                (1321, 0.35),
                (1311, 0.30),
                (1211, 0.10),
                (1212, 0.05),
                (2144, 0.10),
                (2411, 0.10),
            ],
        ],
        fs: FsTargets {
            core_product: 0.90,
            inputs_district: 0.72,
            sells_beyond: 0.60,
            subcontract: 0.23, // near the 25% cut-off on purpose
            joint_action: 0.06,
            trust: 3.20,
            innov_local: 0.07,
            assoc_member: 0.65,
            support_any: 0.14,
            formal_credit: 0.55,
            training_given: 0.16,
            ease_hiring: 3.1,
        },
        wage: [34_000.0, 62_000.0, 165_000.0],
        providers: [0.15, 0.75, 0.05, 0.05],
        worker_trained_if_firm: 0.30,
        kii: Kii {
            suppliers: [true, true, true, true],
            threats: "Delayed cane payments, fixed support price disputes, water shortage at tail-end canals",
            institutions: [true, false, false, false, false],
            assoc_exists: true,
            assoc_service: true,
            finance_products: true,
            cluster_body: "none",
            infra: [true, false, true, false, false, true],
            govt_designated: false,
        },
        actors: &[
            actor("Sugar mills association (Sindh zone)", "association", 0, 0),
            actor("Cane growers' association", "association", 0, 0),
            actor("Lead mill A (Badin)", "lead_firm", 3, 120),
            actor("Lead mill B (Matiari)", "lead_firm", 2, 60),
            actor(
                "Provincial agriculture extension department",
                "government",
                2,
                150,
            ),
            actor("Cane commissioner's office", "government", 0, 0),
            actor(
                "Polytechnic institute (Thatta)",
                "training_institute",
                2,
                80,
            ),
            actor("Sugarcane research station", "research_institute", 1, 40),
            actor("Commercial bank (agri-credit desk)", "bank", 0, 0),
            actor("Microfinance bank branch", "microfinance", 0, 0),
            actor("Rural support programme", "ngo", 1, 35),
            actor("Chamber of commerce (Hyderabad)", "chamber", 0, 0),
        ],
        density: 0.12,
        hrd_effect: 0.05,
    },
    SectorSpec {
        id: "handicraft",
        label: "Handicraft (ajrak, ralli, khes, pottery, lacquer)",
        core_product: "ajrak, ralli, khes, pottery or lacquer ware",
        strata: &[
            st("matiari", 1400, 45),
            st("thatta", 520, 30),
            st("tharparkar", 700, 30),
        ],
        types: &[
            ft(
                "home_based",
                "Home-based artisan",
                0.60,
                1.0,
                0.4,
                1,
                6,
                0.0,
                0.20,
            ),
            ft("workshop", "Workshop", 0.35, 2.0, 0.5, 3, 30, 0.08, 0.08),
            ft(
                "trader_exporter",
                "Trader / exporter",
                0.05,
                2.5,
                0.5,
                4,
                40,
                0.10,
                0.10,
            ),
        ],
        origin: [
            [0.95, 0.04, 0.01, 0.0],
            [0.70, 0.25, 0.05, 0.0],
            [0.50, 0.35, 0.15, 0.0],
        ],
        isco: [
            &[
                (7318, 0.45),
                (7314, 0.15),
                (7317, 0.10),
                (7322, 0.10),
                (9329, 0.15),
                (9321, 0.05),
            ],
            &[(7318, 0.50), (7314, 0.20), (3122, 0.10), (3322, 0.20)],
            &[
                (7318, 0.60),
                (7314, 0.15),
                (1420, 0.15),
                (1321, 0.05),
                (2163, 0.05),
            ],
        ],
        fs: FsTargets {
            core_product: 0.80,
            inputs_district: 0.42,
            sells_beyond: 0.24,
            subcontract: 0.06,
            joint_action: 0.08,
            trust: 3.15,
            innov_local: 0.09,
            assoc_member: 0.06,
            support_any: 0.13,
            formal_credit: 0.07,
            training_given: 0.08,
            ease_hiring: 3.3,
        },
        wage: [22_000.0, 36_000.0, 60_000.0],
        providers: [0.20, 0.20, 0.55, 0.05],
        worker_trained_if_firm: 0.35,
        kii: Kii {
            suppliers: [true, false, true, false],
            threats: "Machine-printed imitations, rising dye and cloth prices, middlemen margins",
            institutions: [true, false, false, false, false],
            assoc_exists: false,
            assoc_service: false,
            finance_products: false,
            cluster_body: "none",
            infra: [false, false, true, false, false, false],
            govt_designated: false,
        },
        actors: &[
            actor("Artisans' cooperative (Hala)", "cooperative", 0, 0),
            actor("Lead exporter (Hala)", "lead_firm", 1, 25),
            actor("Lead workshop (Thatta)", "lead_firm", 0, 0),
            actor(
                "Provincial small industries corporation",
                "government",
                1,
                30,
            ),
            actor("Culture and tourism department", "government", 0, 0),
            actor("Craft training centre", "training_institute", 2, 60),
            actor("Women's vocational centre", "training_institute", 1, 40),
            actor("Craft development NGO", "ngo", 3, 180),
            actor("Microfinance institution", "microfinance", 0, 0),
            actor("University fine arts department", "university", 0, 0),
            actor("Design and BDS consultant", "bds_provider", 0, 0),
        ],
        density: 0.09,
        hrd_effect: -0.05,
    },
    SectorSpec {
        id: "fisheries",
        label: "Marine and inland fisheries, processing",
        core_product: "fish or seafood",
        strata: &[
            st("karachi", 950, 45),
            st("thatta", 420, 30),
            st("badin", 300, 25),
        ],
        types: &[
            ft("boat", "Fishing boat", 0.55, 2.5, 0.4, 5, 30, 0.08, 0.06),
            ft(
                "processor",
                "Fish processor",
                0.15,
                4.0,
                0.7,
                10,
                400,
                0.07,
                0.03,
            ),
            ft(
                "fish_trader",
                "Fish trader",
                0.30,
                1.8,
                0.5,
                2,
                20,
                0.05,
                0.10,
            ),
        ],
        origin: [
            [0.90, 0.05, 0.04, 0.01],
            [0.01, 0.45, 0.50, 0.04],
            [0.01, 0.40, 0.54, 0.05],
        ],
        isco: [
            &[
                (6222, 0.35),
                (6223, 0.15),
                (9216, 0.20),
                (7511, 0.15),
                (9333, 0.08),
                (8350, 0.07),
            ],
            &[(3152, 0.50), (3122, 0.30), (6222, 0.20)],
            &[
                (6223, 0.30),
                (6222, 0.25),
                (1312, 0.25),
                (1420, 0.15),
                (1321, 0.05),
            ],
        ],
        fs: FsTargets {
            core_product: 0.85,
            inputs_district: 0.38,
            sells_beyond: 0.70,
            subcontract: 0.20,
            joint_action: 0.115, // just above the 10% partial cut-off on purpose
            trust: 3.30,
            innov_local: 0.05,
            assoc_member: 0.45,
            support_any: 0.12,
            formal_credit: 0.08,
            training_given: 0.05,
            ease_hiring: 2.8,
        },
        wage: [26_000.0, 48_000.0, 110_000.0],
        providers: [0.45, 0.35, 0.15, 0.05],
        worker_trained_if_firm: 0.25,
        kii: Kii {
            suppliers: [true, false, false, true],
            threats: "Overfishing and falling catch, harbour congestion, export rejections on hygiene",
            institutions: [true, false, false, false, false],
            assoc_exists: true,
            assoc_service: true,
            finance_products: false,
            cluster_body: "none",
            infra: [true, false, true, false, false, false],
            govt_designated: false,
        },
        actors: &[
            actor("Fishermen's cooperative society", "cooperative", 0, 0),
            actor("Seafood exporters' association", "association", 0, 0),
            actor("Lead processor (Karachi)", "lead_firm", 1, 30),
            actor("Fish harbour authority", "government", 0, 0),
            actor("Provincial fisheries department", "government", 1, 40),
            actor(
                "Marine fisheries training centre",
                "training_institute",
                1,
                35,
            ),
            actor("Marine science university institute", "university", 0, 0),
            actor("Seafood quality testing lab", "research_institute", 0, 0),
            actor("Commercial bank branch", "bank", 0, 0),
            actor("Coastal livelihoods NGO", "ngo", 2, 90),
            actor("Fishers' forum", "ngo", 0, 0),
            actor("Ice and cold-storage operators' group", "association", 0, 0),
        ],
        density: 0.11,
        hrd_effect: -0.10,
    },
    SectorSpec {
        id: "marble",
        label: "Marble and granite cutting",
        core_product: "cut marble or granite",
        strata: &[st("karachi", 380, 84), st("thatta", 15, 1)],
        types: &[
            ft(
                "cutting_unit",
                "Cutting unit",
                0.85,
                2.6,
                0.5,
                4,
                60,
                0.10,
                0.06,
            ),
            ft(
                "stone_trader",
                "Stone trader",
                0.15,
                1.6,
                0.4,
                2,
                12,
                0.0,
                0.15,
            ),
        ],
        origin: [
            [0.60, 0.15, 0.25, 0.0],
            [0.25, 0.30, 0.45, 0.0],
            [0.0, 0.30, 0.70, 0.0],
        ],
        isco: [
            &[
                (7113, 0.40),
                (8112, 0.25),
                (9329, 0.20),
                (8332, 0.05),
                (7233, 0.10),
            ],
            &[(3122, 0.60), (7113, 0.30), (3115, 0.10)],
            &[(1321, 0.60), (1420, 0.40)],
        ],
        fs: FsTargets {
            core_product: 0.92,
            inputs_district: 0.30,
            sells_beyond: 0.22,
            subcontract: 0.05,
            joint_action: 0.04,
            trust: 2.40,
            innov_local: 0.04,
            assoc_member: 0.20,
            support_any: 0.05,
            formal_credit: 0.09,
            training_given: 0.04,
            ease_hiring: 2.7,
        },
        wage: [28_000.0, 45_000.0, 95_000.0],
        providers: [0.30, 0.50, 0.10, 0.10],
        worker_trained_if_firm: 0.20,
        kii: Kii {
            suppliers: [false, true, false, true],
            threats: "Power outages, dust and effluent complaints, cheap imported tiles",
            institutions: [false, false, false, false, false],
            assoc_exists: true,
            assoc_service: false,
            finance_products: false,
            cluster_body: "none",
            infra: [false, false, true, false, false, false],
            govt_designated: false,
        },
        actors: &[
            actor("Marble association", "association", 0, 0),
            actor("Lead cutting unit (Karachi)", "lead_firm", 0, 0),
            actor("Industrial estate management", "government", 0, 0),
            actor("Provincial industries department", "government", 0, 0),
            actor("Environmental protection agency", "government", 0, 0),
            actor("Technical training centre", "training_institute", 1, 20),
            actor("Engineering university", "university", 0, 0),
            actor("Commercial bank branch", "bank", 0, 0),
            actor("SME development agency office", "bds_provider", 0, 0),
            actor("Chamber of commerce (Karachi)", "chamber", 0, 0),
        ],
        density: 0.07,
        hrd_effect: -0.15,
    },
    SectorSpec {
        id: "khairpur",
        label: "Khairpur special economic zone and date palm",
        core_product: "dates or date products",
        strata: &[st("khairpur", 520, 110)],
        types: &[
            ft("sez_unit", "SEZ unit", 0.12, 4.0, 0.6, 15, 300, 0.08, 0.04),
            ft(
                "date_processor",
                "Date processor",
                0.38,
                2.8,
                0.5,
                5,
                80,
                0.07,
                0.05,
            ),
            ft(
                "date_grower",
                "Date grower",
                0.50,
                2.0,
                0.5,
                3,
                30,
                0.05,
                0.10,
            ),
        ],
        origin: [
            [0.90, 0.08, 0.02, 0.0],
            [0.50, 0.35, 0.15, 0.0],
            [0.25, 0.45, 0.28, 0.02],
        ],
        isco: [
            &[
                (6112, 0.25),
                (9211, 0.25),
                (7514, 0.20),
                (8160, 0.10),
                (9321, 0.15),
                (4321, 0.05),
            ],
            &[(3122, 0.45), (3142, 0.30), (7514, 0.15), (2132, 0.10)],
            &[(1311, 0.35), (1321, 0.35), (1324, 0.15), (2132, 0.15)],
        ],
        fs: FsTargets {
            core_product: 0.75,
            inputs_district: 0.40,
            sells_beyond: 0.55,
            subcontract: 0.16,
            joint_action: 0.07,
            trust: 3.10,
            innov_local: 0.08,
            assoc_member: 0.24,
            support_any: 0.32,
            formal_credit: 0.22,
            training_given: 0.14,
            ease_hiring: 3.0,
        },
        wage: [27_000.0, 52_000.0, 130_000.0],
        providers: [0.40, 0.40, 0.15, 0.05],
        worker_trained_if_firm: 0.30,
        kii: Kii {
            suppliers: [true, false, true, false],
            threats: "Post-harvest losses in the monsoon, low prices at harvest, weak cold chain",
            institutions: [true, true, true, false, false],
            assoc_exists: true,
            assoc_service: false,
            finance_products: true,
            cluster_body: "formal",
            infra: [true, true, true, true, false, true],
            govt_designated: true,
        },
        actors: &[
            actor("SEZ management company", "sez_authority", 1, 30),
            actor("Date growers' association", "association", 0, 0),
            actor("Lead date exporter", "lead_firm", 1, 25),
            actor("Lead SEZ processing unit", "lead_firm", 0, 0),
            actor("Provincial agriculture department", "government", 1, 50),
            actor("Investment department", "government", 0, 0),
            actor("Date palm research institute", "research_institute", 1, 40),
            actor(
                "Vocational training institute (Khairpur)",
                "training_institute",
                2,
                70,
            ),
            actor("University (Khairpur)", "university", 0, 0),
            actor("Commercial bank branch", "bank", 0, 0),
            actor("Microfinance bank", "microfinance", 0, 0),
            actor("Food testing laboratory", "research_institute", 0, 0),
            actor("Chamber of commerce (Sukkur)", "chamber", 0, 0),
        ],
        density: 0.10,
        hrd_effect: 0.05,
    },
    SectorSpec {
        id: "thar",
        label: "Thar coal mining and power",
        core_product: "lignite or electricity",
        strata: &[st("tharparkar", 170, 95)],
        types: &[
            ft(
                "mining_power",
                "Mining company / power plant",
                0.05,
                6.8,
                0.5,
                300,
                3000,
                0.10,
                0.035,
            ),
            ft(
                "contractor",
                "Contractor",
                0.55,
                3.8,
                0.7,
                10,
                400,
                0.09,
                0.04,
            ),
            ft(
                "service_supplier",
                "Supplier / service firm",
                0.40,
                2.5,
                0.6,
                3,
                60,
                0.07,
                0.08,
            ),
        ],
        origin: [
            [0.75, 0.19, 0.05, 0.01],
            [0.40, 0.35, 0.20, 0.05],
            [0.13, 0.40, 0.30, 0.17],
        ],
        isco: [
            &[
                (9311, 0.18),
                (8111, 0.10),
                (8342, 0.13),
                (8332, 0.10),
                (7411, 0.06),
                (7233, 0.06),
                (7212, 0.05),
                (3131, 0.06),
                (9312, 0.08),
                (4110, 0.04),
                (2146, 0.06),
                (2151, 0.05),
                (2144, 0.03),
            ],
            &[
                (3121, 0.30),
                (3123, 0.15),
                (3131, 0.15),
                (3113, 0.10),
                (3115, 0.10),
                (2146, 0.10),
                (2151, 0.10),
            ],
            &[
                (1322, 0.30),
                (2146, 0.15),
                (2151, 0.15),
                (2144, 0.10),
                (1211, 0.10),
                (1212, 0.10),
                (1324, 0.10),
            ],
        ],
        fs: FsTargets {
            core_product: 0.80,
            inputs_district: 0.35,
            sells_beyond: 0.85,
            subcontract: 0.55,
            joint_action: 0.05,
            trust: 3.25,
            innov_local: 0.18,
            assoc_member: 0.08,
            support_any: 0.45,
            formal_credit: 0.60,
            training_given: 0.70,
            ease_hiring: 3.4,
        },
        wage: [38_000.0, 85_000.0, 260_000.0],
        providers: [0.10, 0.80, 0.08, 0.02],
        worker_trained_if_firm: 0.65,
        kii: Kii {
            suppliers: [false, true, false, true],
            threats: "Water scarcity, resettlement disputes, dependence on one grid off-taker",
            institutions: [true, true, false, true, false],
            assoc_exists: false,
            assoc_service: false,
            finance_products: true,
            cluster_body: "formal",
            infra: [true, false, true, true, false, true],
            govt_designated: true,
        },
        actors: &[
            actor("Coal mining company (lead firm)", "lead_firm", 12, 3200),
            actor("Power plant operator A", "lead_firm", 4, 260),
            actor("Power plant operator B", "lead_firm", 3, 150),
            actor("Coal and energy development board", "sez_authority", 1, 40),
            actor("Provincial energy department", "government", 0, 0),
            actor("District administration", "government", 0, 0),
            actor(
                "Company-run technical training institute",
                "training_institute",
                6,
                900,
            ),
            actor("University campus (Mithi)", "university", 1, 60),
            actor("Commercial bank (project finance)", "bank", 0, 0),
            actor("Community foundation", "ngo", 3, 350),
            actor("Contractors' forum", "association", 0, 0),
            actor("BDS and supplier development desk", "bds_provider", 2, 45),
        ],
        density: 0.25,
        hrd_effect: 0.35,
    },
];

/// Welfare parameters of a surveyed district (household survey).
pub(crate) struct Welfare {
    pub district: &'static str,
    /// Households in the district (frame).
    pub households: f64,
    pub urban_share: f64,
    /// Enumeration areas sampled, urban and rural.
    pub ea_urban: usize,
    pub ea_rural: usize,
    /// Share of households with a member working in one of the six sectors.
    pub worker_prevalence: f64,
    /// Sectors of the worker households in this district, with weights.
    pub worker_sectors: &'static [(&'static str, f64)],
    /// Poverty headcount to plant, non-worker and worker households.
    pub poverty_nonworker: f64,
    pub poverty_worker: f64,
    /// District level of the latent multidimensional deprivation score.
    pub deprivation: f64,
}

/// The official poverty line, Rs per adult equivalent per month at 2013-14 prices.
pub const POVERTY_LINE_2013_14: f64 = 3030.32;

/// Price factor from 2013-14 to survey (2024-25) prices used by the example:
/// an approximate CPI ratio, a stated assumption of the synthetic data, not an
/// official figure.
pub const DEFLATOR: f64 = 2.80;

/// Adult-equivalent weight of a member under 18 (adults count 1).
pub const CHILD_AE: f64 = 0.8;

/// Households interviewed per enumeration area.
pub(crate) const HH_PER_EA: usize = 16;

pub(crate) const WELFARE: &[Welfare] = &[
    Welfare {
        district: "karachi",
        households: 2_500_000.0,
        urban_share: 0.90,
        ea_urban: 14,
        ea_rural: 6,
        worker_prevalence: 0.05,
        worker_sectors: &[("fisheries", 0.7), ("marble", 0.3)],
        poverty_nonworker: 0.33,
        poverty_worker: 0.25,
        deprivation: -1.6,
    },
    Welfare {
        district: "thatta",
        households: 190_000.0,
        urban_share: 0.18,
        ea_urban: 7,
        ea_rural: 15,
        worker_prevalence: 0.22,
        worker_sectors: &[("sugar", 0.3), ("fisheries", 0.4), ("handicraft", 0.3)],
        poverty_nonworker: 0.58,
        poverty_worker: 0.46,
        deprivation: 0.65,
    },
    Welfare {
        district: "badin",
        households: 340_000.0,
        urban_share: 0.17,
        ea_urban: 7,
        ea_rural: 15,
        worker_prevalence: 0.18,
        worker_sectors: &[("sugar", 0.55), ("fisheries", 0.45)],
        poverty_nonworker: 0.52,
        poverty_worker: 0.42,
        deprivation: 0.05,
    },
    Welfare {
        district: "matiari",
        households: 150_000.0,
        urban_share: 0.23,
        ea_urban: 7,
        ea_rural: 13,
        worker_prevalence: 0.24,
        worker_sectors: &[("handicraft", 0.6), ("sugar", 0.4)],
        poverty_nonworker: 0.42,
        poverty_worker: 0.31,
        deprivation: -0.05,
    },
    Welfare {
        district: "sanghar",
        households: 390_000.0,
        urban_share: 0.26,
        ea_urban: 7,
        ea_rural: 13,
        worker_prevalence: 0.12,
        worker_sectors: &[("sugar", 1.0)],
        poverty_nonworker: 0.45,
        poverty_worker: 0.36,
        deprivation: 0.10,
    },
    Welfare {
        district: "tharparkar",
        households: 300_000.0,
        urban_share: 0.08,
        ea_urban: 5,
        ea_rural: 17,
        worker_prevalence: 0.15,
        worker_sectors: &[("thar", 0.6), ("handicraft", 0.4)],
        poverty_nonworker: 0.60,
        poverty_worker: 0.47,
        deprivation: 0.95,
    },
    Welfare {
        district: "khairpur",
        households: 430_000.0,
        urban_share: 0.24,
        ea_urban: 7,
        ea_rural: 13,
        worker_prevalence: 0.16,
        worker_sectors: &[("khairpur", 1.0)],
        poverty_nonworker: 0.40,
        poverty_worker: 0.30,
        deprivation: -0.10,
    },
];

/// A region of the employment table.
pub(crate) struct Region {
    pub id: &'static str,
    pub label: &'static str,
    /// "district" (of Sindh) or "province".
    pub kind: &'static str,
    pub employed: f64,
}

const fn reg(id: &'static str, label: &'static str, kind: &'static str, employed: f64) -> Region {
    Region {
        id,
        label,
        kind,
        employed,
    }
}

pub(crate) const REGIONS: &[Region] = &[
    reg("karachi", "Karachi", "district", 6_800_000.0),
    reg("hyderabad", "Hyderabad", "district", 650_000.0),
    reg("thatta", "Thatta", "district", 260_000.0),
    reg("sujawal", "Sujawal", "district", 210_000.0),
    reg("badin", "Badin", "district", 480_000.0),
    reg("matiari", "Matiari", "district", 210_000.0),
    reg("tando_allahyar", "Tando Allahyar", "district", 230_000.0),
    reg(
        "tando_muhammad_khan",
        "Tando Muhammad Khan",
        "district",
        170_000.0,
    ),
    reg("sanghar", "Sanghar", "district", 560_000.0),
    reg("tharparkar", "Tharparkar", "district", 430_000.0),
    reg("umerkot", "Umerkot", "district", 300_000.0),
    reg("mirpurkhas", "Mirpurkhas", "district", 420_000.0),
    reg("khairpur", "Khairpur", "district", 620_000.0),
    reg("sukkur", "Sukkur", "district", 420_000.0),
    reg("larkana", "Larkana", "district", 430_000.0),
    reg(
        "shaheed_benazirabad",
        "Shaheed Benazirabad",
        "district",
        440_000.0,
    ),
    reg(
        "naushahro_feroze",
        "Naushahro Feroze",
        "district",
        410_000.0,
    ),
    reg("dadu", "Dadu", "district", 420_000.0),
    reg("jamshoro", "Jamshoro", "district", 260_000.0),
    reg("ghotki", "Ghotki", "district", 430_000.0),
    reg("jacobabad", "Jacobabad", "district", 270_000.0),
    reg("shikarpur", "Shikarpur", "district", 310_000.0),
    reg("kashmore", "Kashmore", "district", 290_000.0),
    reg(
        "qambar_shahdadkot",
        "Qambar Shahdadkot",
        "district",
        360_000.0,
    ),
    reg("punjab", "Punjab", "province", 38_000_000.0),
    reg(
        "khyber_pakhtunkhwa",
        "Khyber Pakhtunkhwa",
        "province",
        8_500_000.0,
    ),
    reg("balochistan", "Balochistan", "province", 3_300_000.0),
    reg(
        "islamabad",
        "Islamabad Capital Territory",
        "province",
        900_000.0,
    ),
];

/// An industry of the employment table (ISIC Rev. 4 class or group).
pub(crate) struct Industry {
    pub code: &'static str,
    pub label: &'static str,
    /// The example sector the industry belongs to, if any.
    pub sector: Option<&'static str>,
    /// Base share of employment before regional multipliers.
    pub base: f64,
}

const fn ind(
    code: &'static str,
    label: &'static str,
    sector: Option<&'static str>,
    base: f64,
) -> Industry {
    Industry {
        code,
        label,
        sector,
        base,
    }
}

pub(crate) const INDUSTRIES: &[Industry] = &[
    ind("0114", "Growing of sugar cane", Some("sugar"), 0.012),
    ind("1072", "Manufacture of sugar", Some("sugar"), 0.003),
    ind(
        "1313",
        "Finishing of textiles (incl. block printing)",
        Some("handicraft"),
        0.004,
    ),
    ind(
        "2393",
        "Manufacture of other porcelain and ceramic products",
        Some("handicraft"),
        0.002,
    ),
    ind("0311", "Marine fishing", Some("fisheries"), 0.003),
    ind(
        "1020",
        "Processing and preserving of fish",
        Some("fisheries"),
        0.001,
    ),
    ind(
        "0810",
        "Quarrying of stone, sand and clay",
        Some("marble"),
        0.0015,
    ),
    ind(
        "2396",
        "Cutting, shaping and finishing of stone",
        Some("marble"),
        0.002,
    ),
    ind(
        "0122",
        "Growing of tropical and subtropical fruits (dates)",
        Some("khairpur"),
        0.006,
    ),
    ind(
        "1030",
        "Processing and preserving of fruit and vegetables",
        Some("khairpur"),
        0.001,
    ),
    ind("0520", "Mining of lignite", Some("thar"), 0.0004),
    ind("3510", "Electric power generation", Some("thar"), 0.003),
    ind("01", "Other crop and animal production", None, 0.330),
    ind("13-14", "Other textiles and wearing apparel", None, 0.080),
    ind("10-33", "Other manufacturing", None, 0.070),
    ind("41-43", "Construction", None, 0.090),
    ind("45-47", "Wholesale and retail trade", None, 0.150),
    ind("49-53", "Transport and storage", None, 0.060),
    ind("84", "Public administration and defence", None, 0.035),
    ind("85", "Education", None, 0.050),
    ind("86-88", "Health and social work", None, 0.020),
    ind("90-99", "Other services", None, 0.084),
];

/// Regional multipliers of industry shares (the planted specialisation);
/// 1 where not listed.
pub(crate) const SPECIALISATION: &[(&str, &str, f64)] = &[
    ("thatta", "0114", 4.0),
    ("thatta", "1072", 3.0),
    ("thatta", "1313", 3.0),
    ("thatta", "2393", 2.0),
    ("thatta", "0311", 6.0),
    ("thatta", "1020", 3.0),
    ("thatta", "2396", 2.5),
    ("sujawal", "0311", 4.0),
    ("badin", "0114", 5.0),
    ("badin", "1072", 4.0),
    ("badin", "0311", 5.0),
    ("badin", "1020", 2.0),
    ("matiari", "0114", 3.5),
    ("matiari", "1072", 3.0),
    ("matiari", "1313", 7.0),
    ("matiari", "2393", 6.0),
    ("sanghar", "0114", 4.0),
    ("sanghar", "1072", 3.5),
    ("tando_allahyar", "0114", 3.0),
    ("tando_allahyar", "1072", 2.0),
    ("mirpurkhas", "0114", 2.5),
    ("ghotki", "0114", 2.5),
    ("ghotki", "1072", 2.0),
    ("tharparkar", "1313", 4.0),
    ("tharparkar", "2393", 3.0),
    ("tharparkar", "0520", 150.0),
    ("tharparkar", "3510", 5.0),
    ("jamshoro", "0520", 20.0),
    ("jamshoro", "3510", 3.0),
    ("khairpur", "0122", 9.0),
    ("khairpur", "1030", 8.0),
    ("sukkur", "0122", 2.5),
    ("karachi", "0311", 1.6),
    ("karachi", "1020", 2.5),
    ("karachi", "2396", 6.0),
    ("karachi", "0810", 0.3),
    ("karachi", "3510", 1.2),
    ("karachi", "01", 0.05),
    ("karachi", "0114", 0.05),
    ("karachi", "0122", 0.05),
    ("karachi", "10-33", 2.2),
    ("karachi", "13-14", 2.0),
    ("karachi", "45-47", 1.6),
    ("karachi", "49-53", 1.8),
    ("khyber_pakhtunkhwa", "0810", 4.0),
    ("khyber_pakhtunkhwa", "2396", 1.5),
    ("balochistan", "0810", 3.0),
    ("balochistan", "0311", 2.0),
    ("punjab", "0114", 1.1),
    ("punjab", "13-14", 1.2),
    ("islamabad", "84", 4.0),
    ("islamabad", "01", 0.1),
];
