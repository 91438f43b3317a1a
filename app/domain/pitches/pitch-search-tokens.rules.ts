import { documentTokens } from "~/domain/search/search-tokens.rules";
import { themeLabel } from "./catalog.data";

export interface SearchablePitch {
  title: string;
  summary: string;
  vision: string;
  current_situation: string;
  problem: string;
  target_people: string;
  area_name: string;
  partner_wanted: string;
  solution_wanted: string;
  themes: readonly string[];
  municipality_name: string;
  prefecture_name: string;
}

/** The tokens stored in pitch.search_tokens: public fields only (never contacts). */
export function pitchSearchTokens(pitch: SearchablePitch): string[] {
  return documentTokens(
    pitch.title,
    pitch.summary,
    pitch.vision,
    pitch.current_situation,
    pitch.problem,
    pitch.target_people,
    pitch.area_name,
    pitch.partner_wanted,
    pitch.solution_wanted,
    pitch.themes.map(themeLabel).join(" "),
    pitch.municipality_name,
    pitch.prefecture_name,
  );
}
