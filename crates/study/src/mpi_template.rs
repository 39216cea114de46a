//! Built-in MPI structures (`[analyses.mpi] template = "…"`): dimensions,
//! indicators, weights and their deprivation definitions, so that a study
//! file only maps each indicator to its survey variables and cut-off.

use crate::spec::MpiTemplate;

/// A template indicator.
pub(crate) struct TemplateIndicator {
    pub name: &'static str,
    pub dimension: &'static str,
    pub weight: f64,
    /// The deprivation, in the source's words (paraphrased).
    pub definition: &'static str,
}

/// A template: its name, source, dimensions and indicators.
pub(crate) struct Template {
    pub name: &'static str,
    pub source: &'static str,
    pub dimensions: &'static [(&'static str, f64)],
    pub indicators: &'static [TemplateIndicator],
}

const THIRD: f64 = 1.0 / 3.0;
const SIXTH: f64 = 1.0 / 6.0;
const EIGHTEENTH: f64 = 1.0 / 18.0;

/// The global MPI, 2018 revision: 3 equally weighted dimensions, 10
/// indicators, k = 1/3 (Alkire, Kanagaratnam and Suppa 2018, *The Global
/// Multidimensional Poverty Index (MPI): 2018 revision*, OPHI MPI
/// Methodological Note 46; UNDP Human Development Report technical note 5).
const GLOBAL: Template = Template {
    name: "global",
    source: "Global MPI, 2018 revision (Alkire, Kanagaratnam and Suppa 2018, OPHI MPI Methodological Note 46)",
    dimensions: &[
        ("health", THIRD),
        ("education", THIRD),
        ("living_standards", THIRD),
    ],
    indicators: &[
        TemplateIndicator {
            name: "nutrition",
            dimension: "health",
            weight: SIXTH,
            definition: "an adult under 70 or a child for whom there is nutritional information is undernourished",
        },
        TemplateIndicator {
            name: "child_mortality",
            dimension: "health",
            weight: SIXTH,
            definition: "a child under 18 has died in the household in the five years before the survey",
        },
        TemplateIndicator {
            name: "years_of_schooling",
            dimension: "education",
            weight: SIXTH,
            definition: "no household member aged 10 or older has completed six years of schooling",
        },
        TemplateIndicator {
            name: "school_attendance",
            dimension: "education",
            weight: SIXTH,
            definition: "a school-aged child is not attending school up to the age at which they would complete class 8",
        },
        TemplateIndicator {
            name: "cooking_fuel",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "the household cooks with dung, agricultural crops, shrubs, wood, charcoal or coal",
        },
        TemplateIndicator {
            name: "sanitation",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "the sanitation facility is not improved, or it is improved but shared with other households",
        },
        TemplateIndicator {
            name: "drinking_water",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "no improved drinking water, or improved water at least a 30-minute walk from home, round trip",
        },
        TemplateIndicator {
            name: "electricity",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "the household has no electricity",
        },
        TemplateIndicator {
            name: "housing",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "the floor, the roof or the walls are of natural or rudimentary materials",
        },
        TemplateIndicator {
            name: "assets",
            dimension: "living_standards",
            weight: EIGHTEENTH,
            definition: "the household owns at most one of radio, TV, telephone, computer, animal cart, bicycle, motorbike or refrigerator, and no car or truck",
        },
    ],
};

/// The template's structure.
pub(crate) fn template(t: MpiTemplate) -> &'static Template {
    match t {
        MpiTemplate::Global => &GLOBAL,
    }
}

impl Template {
    /// The indicator named `name`.
    pub(crate) fn indicator(&self, name: &str) -> Option<&'static TemplateIndicator> {
        self.indicators.iter().find(|i| i.name == name)
    }

    /// Each kept indicator's weight when `dropped` ones are left out: a
    /// dropped indicator's weight is shared equally by the kept indicators
    /// of its dimension (the global MPI's practice when a survey lacks an
    /// indicator); `Err` names a dimension left with none.
    pub(crate) fn weights(&self, dropped: &[String]) -> Result<Vec<(&'static str, f64)>, String> {
        let mut out = Vec::new();
        for &(dim, dim_weight) in self.dimensions {
            let kept: Vec<&TemplateIndicator> = self
                .indicators
                .iter()
                .filter(|i| i.dimension == dim && !dropped.iter().any(|d| d == i.name))
                .collect();
            if kept.is_empty() {
                return Err(format!(
                    "every indicator of dimension `{dim}` is dropped: a dimension needs at least one"
                ));
            }
            let dropped_weight: f64 = self
                .indicators
                .iter()
                .filter(|i| i.dimension == dim && dropped.iter().any(|d| d == i.name))
                .map(|i| i.weight)
                .sum();
            let own: f64 = kept.iter().map(|i| i.weight).sum();
            debug_assert!((own + dropped_weight - dim_weight).abs() < 1e-12);
            for i in kept {
                out.push((i.name, i.weight + dropped_weight * i.weight / own));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_weights_sum_to_one_and_dropping_stays_within_the_dimension() {
        let g = template(MpiTemplate::Global);
        let all = g.weights(&[]).unwrap();
        assert_eq!(all.len(), 10);
        assert!((all.iter().map(|x| x.1).sum::<f64>() - 1.0).abs() < 1e-12);
        // Without nutrition, child mortality carries the health third.
        let w = g.weights(&["nutrition".into()]).unwrap();
        assert_eq!(w.len(), 9);
        let cm = w.iter().find(|x| x.0 == "child_mortality").unwrap().1;
        assert!((cm - THIRD).abs() < 1e-12);
        assert!((w.iter().map(|x| x.1).sum::<f64>() - 1.0).abs() < 1e-12);
        // Without electricity, each other living-standard indicator has 1/15.
        let w = g.weights(&["electricity".into()]).unwrap();
        let water = w.iter().find(|x| x.0 == "drinking_water").unwrap().1;
        assert!((water - 1.0 / 15.0).abs() < 1e-12);
        assert!(
            g.weights(&["nutrition".into(), "child_mortality".into()])
                .unwrap_err()
                .contains("`health`")
        );
    }
}
